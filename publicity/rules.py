"""Who may do what in the editorial workflow.

Editor rights follow the office hierarchy: staff of a province or city
deputy-work office are the editors of their own posts' region and every
region below it (a city office approves its counties' posts). County staff
are authors: they write drafts and submit them. An editor does not approve
their own post: another editor does (four eyes). Whether a post is in the
user's jurisdiction at all is decided by core.scoping.
"""

from accounts.choices import STAFF_ROLES, Role
from core.scoping import region_in_scope

from .choices import PostAction, PostStatus

EDITOR_ROLES = frozenset({Role.PROVINCE_STAFF, Role.CITY_STAFF})
AUTHOR_EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.RETURNED})
EDITOR_ACTIONS = frozenset(
    {PostAction.APPROVE, PostAction.RETURN, PostAction.SCHEDULE, PostAction.PUBLISH, PostAction.UNPUBLISH}
)


def is_author_role(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role in STAFF_ROLES))


def is_editor_role(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role in EDITOR_ROLES))


def is_editor_of(user, post) -> bool:
    return is_editor_role(user) and region_in_scope(user, post.region)


def can_edit(user, post) -> bool:
    """Authors edit their own draft or returned post; editors edit any post of theirs."""
    if is_editor_of(user, post):
        return True
    return is_author_role(user) and post.author_id == user.pk and post.status in AUTHOR_EDITABLE


def can_take(user, post, action: str) -> bool:
    if action == PostAction.SUBMIT:
        return is_author_role(user) and (post.author_id == user.pk or is_editor_of(user, post))
    if action not in EDITOR_ACTIONS or not is_editor_of(user, post):
        return False
    return not (action == PostAction.APPROVE and post.author_id == user.pk and not user.is_superuser)
