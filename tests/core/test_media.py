"""Uploaded files go only to readers in their record's scope, through core.media, in every mode."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.media import file_fields, media_field
from core.models import Job
from proposals import services as proposal_services
from publicity.models import PostImage
from tests.factories import region
from tests.proposals.factories import CongressFactory, SessionFactory, deputy_user, draft
from tests.publicity.factories import PostFactory, image_upload

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_every_file_field_is_served_through_the_scope_check():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in file_fields()
        if field.name not in getattr(model, "media_prefixes", {}) or not hasattr(model, "can_read_media")
    ]
    assert not missing, "file fields without media_prefixes / can_read_media: " + ", ".join(missing)
    for model, field in file_fields():
        assert media_field(model.media_prefixes[field.name] + "x") == (model, field.name)


@pytest.fixture
def attachment(db):
    congress = CongressFactory()
    author = deputy_user(congress, username="author")
    proposal = draft(SessionFactory(congress=congress), author)
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 demo")
    return proposal_services.attachment_add(actor=author, proposal=proposal, upload=upload), author


def test_a_proposal_attachment_is_private_to_those_who_see_the_proposal(client, attachment, user_factory):
    attachment, author = attachment
    url = attachment.file.url
    assert url.startswith("/media/proposals/")
    client.force_login(author)
    response = client.get(url)
    assert response.status_code == 200 and _body(response) == b"%PDF-1.4 demo"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(deputy_user(username="stranger"))  # a deputy who does not see the draft
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_the_attachment_download_sends_the_same_headers(client, attachment):
    attachment, author = attachment
    client.force_login(author)
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;") and "filename" in response["Content-Disposition"]


def test_a_published_cover_is_public_and_shown_inline_a_drafts_is_not(client, county_user, other_county_user):
    published = PostFactory(published=True)
    published.cover_image.save("cover.png", image_upload(), save=True)
    draft_post = PostFactory(author=county_user)
    draft_post.cover_image.save("cover.png", image_upload(), save=True)

    response = client.get(published.cover_image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert client.get(draft_post.cover_image.url).status_code == 404
    client.force_login(other_county_user)
    assert client.get(draft_post.cover_image.url).status_code == 404
    client.force_login(county_user)
    assert client.get(draft_post.cover_image.url).status_code == 200


def test_an_editor_image_is_public_once_a_published_post_shows_it(client, county_user, other_county_user):
    image = PostImage(region=region("330106"), uploaded_by=county_user)
    image.image.save("photo.png", image_upload(), save=True)
    url = image.image.url
    assert client.get(url).status_code == 404
    client.force_login(other_county_user)
    assert client.get(url).status_code == 404
    client.force_login(county_user)
    assert client.get(url).status_code == 200
    client.logout()
    PostFactory(published=True, body=f'<p><img src="{url}"></p>')
    assert client.get(url).status_code == 200


def test_a_job_result_goes_to_its_owner_and_an_upload_to_no_one(client, county_user, other_county_user):
    job = Job.objects.create(kind="core.selftest", title="导出", owner=county_user)
    job.result_file.save("result.xlsx", ContentFile(b"xlsx"), save=False)
    job.input_file.save("roster.xlsx", ContentFile(b"ids"), save=False)
    job.save()
    client.force_login(county_user)
    response = client.get(job.result_file.url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert client.get(job.input_file.url).status_code == 404
    client.force_login(other_county_user)
    assert client.get(job.result_file.url).status_code == 404


def test_unknown_and_traversing_names_are_404(client, province_user):
    client.force_login(province_user)
    assert client.get("/media/elsewhere/secret.txt").status_code == 404
    assert client.get("/media/proposals/../../config/settings/base.py").status_code == 404


def test_an_svg_is_downloaded_never_shown(client, county_user):
    post = PostFactory(published=True)
    post.cover_image.save("cover.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), save=True)
    response = client.get(post.cover_image.url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_behind_nginx_the_file_is_handed_to_x_accel_redirect(client, settings, attachment):
    settings.MEDIA_X_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    attachment, author = attachment
    client.force_login(author)
    response = client.get(attachment.file.url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name.replace(
        "方案", "%E6%96%B9%E6%A1%88"
    )
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
