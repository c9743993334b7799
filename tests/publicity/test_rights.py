"""The post workflow's rules (who may take each step), what one step writes, and what pages offer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from core.models import AuditEvent
from core.rights import action_names, can
from publicity import services
from publicity.choices import PostStatus
from publicity.models import PostTransition
from tests.factories import UserFactory, region, staff

from .factories import PostFactory

pytestmark = pytest.mark.django_db

EDITOR_STEPS = [
    (PostStatus.IN_REVIEW, "return"),
    (PostStatus.APPROVED, "return"),
    (PostStatus.SCHEDULED, "return"),
    (PostStatus.APPROVED, "schedule"),
    (PostStatus.APPROVED, "publish"),
    (PostStatus.SCHEDULED, "publish"),
    (PostStatus.PUBLISHED, "unpublish"),
    (PostStatus.IN_REVIEW, "approve"),
]


def _post(status, author, **kwargs):
    extra = {"published_at": timezone.now()} if status == PostStatus.PUBLISHED else {}
    if status == PostStatus.SCHEDULED:
        extra["scheduled_at"] = timezone.now() + timedelta(days=1)
    return PostFactory(status=status, author=author, **extra, **kwargs)


@pytest.mark.parametrize(("status", "step"), EDITOR_STEPS)
def test_editor_steps_are_for_the_editors_of_the_posts_region(status, step, county_user, city_user):
    post = _post(status, county_user)
    assert can(city_user, step, post)
    assert not can(county_user, step, post)  # an author, not an editor
    assert not can(staff("330200", username="nb"), step, post)  # an editor of another city
    assert not can(UserFactory(role=Role.DEPUTY, region=None), step, post)


@pytest.mark.parametrize("status", [PostStatus.DRAFT, PostStatus.RETURNED])
def test_the_author_or_an_editor_submits(status, county_user, city_user):
    post = _post(status, county_user)
    assert can(county_user, "submit", post) and can(city_user, "submit", post)
    other_author = staff("330106", username="xihu2")
    assert not can(other_author, "submit", post)


def test_four_eyes_an_editor_does_not_approve_their_own_post(city_user):
    own = _post(PostStatus.IN_REVIEW, city_user, region=region("330100"))
    colleague = staff("330100", username="hz2")
    assert not can(city_user, "approve", own)
    assert can(colleague, "approve", own)
    # …but may still return or, once approved by another, publish it.
    assert can(city_user, "return", own)


def test_steps_are_offered_only_from_their_statuses(county_user, city_user):
    assert action_names(city_user, _post(PostStatus.DRAFT, county_user)) == {"submit", "edit"}
    assert action_names(city_user, _post(PostStatus.IN_REVIEW, county_user)) == {"approve", "return", "edit"}
    assert action_names(city_user, _post(PostStatus.APPROVED, county_user)) == {"return", "schedule", "publish", "edit"}
    assert action_names(city_user, _post(PostStatus.SCHEDULED, county_user)) == {"return", "publish", "edit"}
    assert action_names(city_user, _post(PostStatus.PUBLISHED, county_user)) == {
        "unpublish",
        "edit",
        "record_views",
    }


@pytest.mark.parametrize(
    ("status", "author_edits"),
    [
        (PostStatus.DRAFT, True),
        (PostStatus.RETURNED, True),
        (PostStatus.IN_REVIEW, False),
        (PostStatus.APPROVED, False),
        (PostStatus.PUBLISHED, False),
    ],
)
def test_edit_right_authors_while_theirs_editors_always(status, author_edits, county_user, city_user):
    post = _post(status, county_user)
    assert can(county_user, "edit", post) is author_edits
    assert can(city_user, "edit", post)
    assert not can(staff("330106", username="xihu2"), "edit", post)


def test_one_step_writes_one_history_row_and_one_audit_event(draft, county_user):
    rows, audits = PostTransition.objects.count(), AuditEvent.objects.filter(action="transition").count()
    services.post_submit_for_review(actor=county_user, post=draft, note="请审核")
    assert PostTransition.objects.count() == rows + 1
    assert AuditEvent.objects.filter(action="transition").count() == audits + 1
    event = PostTransition.objects.latest("pk")
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "submit",
        "draft",
        "in_review",
        county_user,
        "请审核",
    )
    audit = AuditEvent.objects.filter(action="transition").latest("pk")
    assert (audit.target_type, audit.target_id) == ("publicity.Post", str(draft.pk))


def test_scheduled_publishing_moves_as_the_system(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft)
    publish_at = timezone.now() + timedelta(hours=1)
    services.post_schedule(actor=city_user, post=draft, publish_at=publish_at)
    audits = AuditEvent.objects.filter(action="transition").count()
    assert services.post_publish_due(now=publish_at + timedelta(minutes=1)) == 1
    event = PostTransition.objects.latest("pk")
    assert (event.action, event.actor, event.to_status) == ("publish", None, "published")
    assert AuditEvent.objects.filter(action="transition").count() == audits + 1


def test_detail_page_offers_only_the_steps_the_user_may_take(login, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    url = reverse("publicity:post_detail", args=[draft.pk])
    author_page = login(county_user).get(url).content.decode()
    assert 'data-testid="action-' not in author_page
    assert reverse("publicity:post_update", args=[draft.pk]) not in author_page  # in review: not theirs to edit
    editor_page = login(city_user).get(url).content.decode()
    assert 'data-testid="action-approve"' in editor_page and 'data-testid="action-return"' in editor_page
    assert 'data-testid="action-publish"' not in editor_page
    assert reverse("publicity:post_update", args=[draft.pk]) in editor_page


def test_a_stale_step_page_lands_back_on_the_post_with_the_reason(login, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft)
    response = login(city_user).post(
        reverse("publicity:post_transition", args=[draft.pk, "approve"]), {"note": "好"}, follow=True
    )
    assert "当前状态为“已审核”" in response.content.decode()
    assert PostTransition.objects.filter(post=draft, action="approve").count() == 1


def test_api_detail_lists_the_callers_actions(api_login, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    url = f"/api/publicity/posts/{draft.pk}/"
    assert api_login(county_user).get(url).json()["available_actions"] == []
    names = [a["name"] for a in api_login(city_user).get(url).json()["available_actions"]]
    assert names == ["approve", "return", "edit"]
