"""The API documentation renders under the portal's CSP: no inline script or style, no violation."""

import pytest

from tests.conftest import PASSWORD
from tests.factories import staff

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _open(journey, name: str, path: str):
    staff("330000", username="apidocs")
    j = journey(name)
    j.page.add_init_script(RECORD_VIOLATIONS)
    j.login("apidocs", PASSWORD)
    response = j.page.goto(j.base_url + path)
    directives = {d.strip() for d in response.headers["content-security-policy"].split(";")}
    assert "script-src 'self'" in directives  # scripts: files only, whatever the directives' order
    return j


def test_swagger_ui_lists_the_operations_without_csp_violations(journey):
    j = _open(journey, "api-docs-swagger", "/api/docs/")
    j.page.wait_for_selector(".opblock-summary-path[data-path='/api/campaign-activities/']", timeout=60_000)
    assert j.page.locator(".opblock").count() >= 3  # the first tag open, its operations listed
    # The whole schema reached the UI (it draws the tags one after another, slowly on a busy machine).
    assert j.page.evaluate("ui.specSelectors.taggedOperations().size") > 20
    j.shot("swagger-ui")
    assert j.page.evaluate("window.__cspViolations") == []
    assert j.console_errors == []


def test_redoc_renders_the_operations_without_script_violations(journey):
    j = _open(journey, "api-docs-redoc", "/api/redoc/")
    j.page.wait_for_selector("[data-section-id^='tag/']", timeout=60_000)
    assert j.page.get_by_text("/api/deputies/{id}/status/").count() >= 1
    j.page.screenshot(path=str(j.folder / "01-redoc.png"))  # the first screen: the whole page is too tall
    # Its styles are allowed inline on this page (core.views.ApiRedocView); its footer logo from
    # Redocly's CDN stays blocked (no outside requests). No script is ever blocked: all of it is files.
    violations = j.page.evaluate("window.__cspViolations")
    assert not [v for v in violations if v.startswith("script")], violations
