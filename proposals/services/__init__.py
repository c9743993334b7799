"""Writes for motions and suggestions, by stage of the state machine.

Each stage has its module; every public service is re-exported here so that
callers keep writing ``services.proposal_submit(...)``.
"""

from ._common import ALLOWED_ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, MAX_ROUNDS
from .assignment import assignment_sign, extension_decide, extension_request, proposal_assign, proposal_reassign
from .directory import handling_unit_add_member, handling_unit_create, session_create
from .filing import (
    attachment_add,
    proposal_cosign_confirm,
    proposal_create_draft,
    proposal_invite_cosigners,
    proposal_submit,
    proposal_update_draft,
)
from .from_opinion import proposal_draft_from_opinion
from .handling import cohandling_opinion_submit, contact_record, handling_stage_complete
from .reminders import deadline_reminders_send
from .replies import proposal_rehandle, reply_rate, reply_submit
from .review import proposal_convert_to_suggestion, proposal_register, proposal_return
from .supervision import key_supervision_set, supervision_record_add

__all__ = [
    "ALLOWED_ATTACHMENT_EXTENSIONS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_ROUNDS",
    "assignment_sign",
    "attachment_add",
    "cohandling_opinion_submit",
    "contact_record",
    "deadline_reminders_send",
    "extension_decide",
    "extension_request",
    "handling_stage_complete",
    "handling_unit_add_member",
    "handling_unit_create",
    "key_supervision_set",
    "proposal_assign",
    "proposal_convert_to_suggestion",
    "proposal_cosign_confirm",
    "proposal_create_draft",
    "proposal_draft_from_opinion",
    "proposal_invite_cosigners",
    "proposal_reassign",
    "proposal_register",
    "proposal_rehandle",
    "proposal_return",
    "proposal_submit",
    "proposal_update_draft",
    "reply_rate",
    "reply_submit",
    "session_create",
    "supervision_record_add",
]
