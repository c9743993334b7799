import pytest
from django.urls import reverse

from publicity import services
from publicity.sanitize import sanitize_html
from tests.factories import region

from .factories import PostFactory

# Each payload carries a marker that must not survive anywhere it is rendered.
PAYLOADS = {
    "xss-script": '<script>alert("xss-script")</script>',
    "xss-onerror": '<img src="/media/publicity/images/a.png" onerror="alert(\'xss-onerror\')">',
    "xss-onclick": "<p onclick=\"alert('xss-onclick')\">点击</p>",
    "xss-jslink": "<a href=\"javascript:alert('xss-jslink')\">链接</a>",
    "xss-entity": "<a href=\"jav&#x61;script:alert('xss-entity')\">链接</a>",
    "xss-data": '<a href="data:text/html;base64,eHNzLWRhdGE=">xss</a><img src="data:image/png;base64,xss-dataimg">',
    "xss-iframe": '<iframe src="https://evil.example/xss-iframe"></iframe>',
    "xss-style": '<style>body{background:url(xss-style)}</style><p style="color:red" data-x="xss-attr">样式</p>',
    "xss-svg": "<svg onload=\"alert('xss-svg')\"></svg>",
    "xss-extimg": '<img src="https://tracker.example/xss-extimg.png">',
}
BODY = "<p><strong>安全的正文</strong></p>" + "".join(PAYLOADS.values())
MARKERS = [*PAYLOADS, "javascript:", "onerror", "onclick", "<iframe", "<style", "<svg", "data:text", "eHNzLWRhdGE"]


def _assert_clean(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text, marker


@pytest.mark.parametrize("name", PAYLOADS)
def test_sanitize_removes_each_payload(name):
    assert name not in sanitize_html(PAYLOADS[name])


def test_sanitize_keeps_safe_markup_and_site_images():
    html = (
        '<h3>小标题</h3><p>正文<a href="https://www.zjrd.gov.cn/">人大网</a></p>'
        '<img src="/media/publicity/images/2026/01/abc.png" alt="照片">'
    )
    clean = sanitize_html(html)
    assert "<h3>小标题</h3>" in clean
    assert 'href="https://www.zjrd.gov.cn/"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert 'src="/media/publicity/images/2026/01/abc.png"' in clean


def test_service_stores_sanitised_body(county_user):
    post = services.post_create(actor=county_user, region=region("330106"), title="稿件", theme="duty", body=BODY)
    post.refresh_from_db()
    _assert_clean(post.body)
    assert "<strong>安全的正文</strong>" in post.body


@pytest.fixture
def raw_published_post(db):
    """A published post whose body reached the database unsanitised (legacy import, raw SQL)."""
    return PostFactory(published=True, body=BODY)


def test_unsafe_body_never_reaches_staff_preview(login, county_user, raw_published_post):
    response = login(county_user).get(reverse("publicity:post_detail", args=[raw_published_post.pk]))
    assert response.status_code == 200
    _assert_clean(response.content.decode())
    assert "<strong>安全的正文</strong>" in response.content.decode()


def test_unsafe_body_never_reaches_public_page(client, raw_published_post):
    response = client.get(raw_published_post.get_public_url())
    assert response.status_code == 200
    _assert_clean(response.content.decode())
    assert "<strong>安全的正文</strong>" in response.content.decode()


def test_unsafe_body_never_reaches_api(api_login, county_user, raw_published_post):
    client = api_login(county_user)
    listing = client.get("/api/publicity/posts/")
    detail = client.get(f"/api/publicity/posts/{raw_published_post.pk}/")
    assert listing.status_code == detail.status_code == 200
    _assert_clean(listing.content.decode())
    _assert_clean(detail.content.decode())
    assert "安全的正文" in detail.json()["body"]
