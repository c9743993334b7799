from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from publicity import services, tasks
from publicity.choices import PostStatus
from publicity.models import Post
from tests.factories import region, staff


def _history(post) -> list[tuple[str, str]]:
    return list(post.transitions.order_by("pk").values_list("from_status", "to_status"))


def test_full_workflow_from_draft_to_scheduled_publication(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft, note="同意")
    publish_at = timezone.now() + timedelta(hours=2)
    services.post_schedule(actor=city_user, post=draft, publish_at=publish_at)
    draft.refresh_from_db()
    assert draft.status == PostStatus.SCHEDULED
    assert draft.planned_date == timezone.localdate(publish_at)

    assert services.post_publish_due(now=timezone.now()) == 0  # not yet due
    assert services.post_publish_due(now=publish_at + timedelta(minutes=1)) == 1
    assert services.post_publish_due(now=publish_at + timedelta(minutes=2)) == 0  # running twice is harmless
    draft.refresh_from_db()
    assert draft.status == PostStatus.PUBLISHED
    assert draft.published_at is not None
    assert _history(draft) == [
        ("", "draft"),
        ("draft", "in_review"),
        ("in_review", "approved"),
        ("approved", "scheduled"),
        ("scheduled", "published"),
    ]
    last = draft.transitions.order_by("pk").last()
    assert last.actor is None  # published by the system task
    assert draft.transitions.get(to_status="approved").actor == city_user


def test_beat_task_publishes_due_posts(draft, county_user, city_user, time_machine):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft)
    services.post_schedule(actor=city_user, post=draft, publish_at=timezone.now() + timedelta(minutes=10))
    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    assert tasks.post_publish_due() == 1
    draft.refresh_from_db()
    assert draft.is_published


def test_county_author_cannot_approve_or_publish(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    with pytest.raises(PermissionDenied):
        services.post_approve(actor=county_user, post=draft)
    # The engine checks the status before the rule: an unapproved post is refused for its status.
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.post_publish(actor=county_user, post=draft)
    draft.refresh_from_db()
    assert draft.status == PostStatus.IN_REVIEW
    services.post_approve(actor=city_user, post=draft)
    with pytest.raises(PermissionDenied):
        services.post_publish(actor=county_user, post=draft)
    draft.refresh_from_db()
    assert draft.status == PostStatus.APPROVED


def test_editor_of_another_city_cannot_approve(draft, county_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    ningbo_editor = staff("330200", username="nb")
    with pytest.raises(PermissionDenied):
        services.post_approve(actor=ningbo_editor, post=draft)


def test_editor_cannot_approve_own_post(city_user):
    post = services.post_create(
        actor=city_user, region=region("330100"), title="市级稿件", theme="duty", body="<p>x</p>"
    )
    services.post_submit_for_review(actor=city_user, post=post)
    with pytest.raises(PermissionDenied):
        services.post_approve(actor=city_user, post=post)
    services.post_approve(actor=staff("330000", username="prov-editor"), post=post)
    assert post.status == PostStatus.APPROVED


def test_return_needs_comments_and_author_can_fix_and_resubmit(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    with pytest.raises(ApplicationError, match="修改意见"):
        services.post_return(actor=city_user, post=draft, comments="  ")
    services.post_return(actor=city_user, post=draft, comments="请补充代表履职细节。")
    assert draft.transitions.get(to_status="returned").note == "请补充代表履职细节。"
    services.post_update(actor=county_user, post=draft, body="<p>补充后的正文。</p>")
    services.post_submit_for_review(actor=county_user, post=draft)
    draft.refresh_from_db()
    assert draft.status == PostStatus.IN_REVIEW


def test_author_cannot_edit_after_submitting(draft, county_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    with pytest.raises(PermissionDenied):
        services.post_update(actor=county_user, post=draft, title="改标题")


def test_transition_not_in_the_map_is_refused(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft)
    with pytest.raises(ApplicationError, match="不能"):
        services.post_approve(actor=staff("330000", username="p2"), post=draft)
    with pytest.raises(ApplicationError):
        services.post_unpublish(actor=city_user, post=draft)


def test_stale_object_cannot_force_a_second_transition(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    stale = Post.objects.get(pk=draft.pk)  # loaded while in review
    services.post_return(actor=city_user, post=draft, comments="请修改标题。")
    # The service checks the locked row, not the stale object.
    with pytest.raises(ApplicationError):
        services.post_approve(actor=staff("330000", username="p4"), post=stale)
    assert Post.objects.get(pk=draft.pk).status == PostStatus.RETURNED


def test_schedule_must_be_in_the_future(draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_approve(actor=city_user, post=draft)
    with pytest.raises(ApplicationError):
        services.post_schedule(actor=city_user, post=draft, publish_at=timezone.now() - timedelta(minutes=1))


def test_submit_needs_a_body(county_user):
    post = services.post_create(actor=county_user, region=region("330106"), title="空稿", theme="duty")
    with pytest.raises(ApplicationError):
        services.post_submit_for_review(actor=county_user, post=post)


def test_drafts_are_private_to_their_author(draft, county_user, city_user):
    colleague = staff("330106", username="xihu2")
    assert not Post.objects.visible_to(colleague).filter(pk=draft.pk).exists()
    assert not Post.objects.visible_to(city_user).filter(pk=draft.pk).exists()
    services.post_submit_for_review(actor=county_user, post=draft)
    assert Post.objects.visible_to(city_user).filter(pk=draft.pk).exists()


def test_workflow_buttons_follow_role(login, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    url = reverse("publicity:post_detail", args=[draft.pk])
    author_page = login(county_user).get(url).content.decode()
    assert 'data-testid="action-approve"' not in author_page
    editor_page = login(city_user).get(url).content.decode()
    assert 'data-testid="action-approve"' in editor_page
    assert 'data-testid="action-return"' in editor_page


def test_author_posting_an_approval_gets_403(client, draft, county_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    client.force_login(county_user)
    response = client.post(reverse("publicity:post_transition", args=[draft.pk, "approve"]))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == PostStatus.IN_REVIEW


def test_editor_publishes_from_the_detail_page(client, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    client.force_login(city_user)
    client.post(reverse("publicity:post_transition", args=[draft.pk, "approve"]), {"note": "好"})
    response = client.post(reverse("publicity:post_transition", args=[draft.pk, "publish"]), follow=True)
    assert "已发布" in response.content.decode()
    assert client.get(draft.get_public_url()).status_code == 200


def test_return_without_comments_shows_an_error(client, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    client.force_login(city_user)
    response = client.post(reverse("publicity:post_transition", args=[draft.pk, "return"]), {"note": ""}, follow=True)
    assert "退回时请填写修改意见" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PostStatus.IN_REVIEW


def test_views_are_recorded_only_for_published_posts(draft, county_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    with pytest.raises(ApplicationError, match="尚未发布"):
        services.post_record_views(actor=county_user, post=draft, date=timezone.localdate(), views=10)
