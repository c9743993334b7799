"""The editorial workflow of a publicity post and who may do what in it.

Editor rights follow the office hierarchy: staff of a province or city
deputy-work office (``accounts.roles.is_editor``) are the editors of their
own region's posts and every region below it (a city office approves its
counties' posts). Other office staff are authors: they write drafts and
submit them. An editor does not approve their own post: another editor does
(four eyes). Whether a post is in the user's jurisdiction at all is decided
by core.scoping. The scheduled-publishing task publishes with no actor.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.rights import all_of, any_of
from core.scoping import region_in_scope
from core.workflow import Workflow, action, transition

from .choices import PostAction, PostStatus
from .models import Post, PostTransition

AUTHOR_EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.RETURNED})

is_author = roles.is_office_staff


def is_editor_of(user, post: Post) -> bool:
    """An editor whose jurisdiction holds the post's region."""
    return roles.is_editor(user) and region_in_scope(user, post.region)


def wrote(user, post: Post) -> bool:
    return post.author_id is not None and post.author_id == user.pk


def not_own_post(user, post: Post) -> bool:
    """Four eyes: another editor approves (a superuser, who has no colleague to ask, may)."""
    return not wrote(user, post) or user.is_superuser


def author_of_editable(user, post: Post) -> bool:
    """An author edits their own post while it is a draft or was returned to them."""
    return is_author(user) and wrote(user, post) and post.status in AUTHOR_EDITABLE


POST_FLOW = Workflow(
    model=Post,
    event_model=PostTransition,
    event_fk="post",
    transitions=[
        transition(
            "submit",
            sources=[PostStatus.DRAFT, PostStatus.RETURNED],
            target=PostStatus.IN_REVIEW,
            label=PostAction.SUBMIT.label,
            allowed=all_of(is_author, any_of(wrote, is_editor_of)),
        ),
        transition(
            "approve",
            sources=[PostStatus.IN_REVIEW],
            target=PostStatus.APPROVED,
            label=PostAction.APPROVE.label,
            allowed=all_of(is_editor_of, not_own_post),
        ),
        transition(
            "return",
            sources=[PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED],
            target=PostStatus.RETURNED,
            label=PostAction.RETURN.label,
            allowed=is_editor_of,
            danger=True,
        ),
        transition(
            "schedule",
            sources=[PostStatus.APPROVED],
            target=PostStatus.SCHEDULED,
            label=PostAction.SCHEDULE.label,
            allowed=is_editor_of,
        ),
        transition(
            "publish",
            sources=[PostStatus.APPROVED, PostStatus.SCHEDULED],
            target=PostStatus.PUBLISHED,
            label=PostAction.PUBLISH.label,
            allowed=is_editor_of,
        ),
        transition(
            "unpublish",
            sources=[PostStatus.PUBLISHED],
            target=PostStatus.APPROVED,
            label=PostAction.UNPUBLISH.label,
            allowed=is_editor_of,
            danger=True,
        ),
    ],
    actions=[
        # Editors edit any post of theirs at any time; authors their own while it is theirs to edit.
        action("edit", label=_("修改"), allowed=any_of(is_editor_of, author_of_editable)),
        action("record_views", label=_("登记阅读量"), allowed=is_author, when=[PostStatus.PUBLISHED]),
    ],
)
