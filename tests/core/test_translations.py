"""English is complete: every string in the source has an English translation."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def key(entry) -> tuple[str, str]:
    return entry.msgid, entry.msgid_plural or ""


def test_every_source_string_has_an_english_translation(tmp_path):
    committed = {key(e): e for e in polib.pofile(str(PO)) if not e.obsolete}
    # Extract from a copy of the sources: makemessages writes next to the nearest
    # locale/ folder, and the real catalogue must not change under the test.
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "node_modules",
            "staticfiles",
            "test-artifacts",
            "tests",
            "bench",
            "locale",
            ".git",
            "media",
            "*.pyc",
        ),
    )
    out = tmp_path / "out"
    out.mkdir()
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[out]):
            call_command("makemessages", locale=["en"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(out / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if e.msgid and (key(e) not in committed or not committed[key(e)].translated())]
    assert not missing, f"{len(missing)} strings lack English, e.g. {missing[:10]}"
    fuzzy = [e.msgid for e in committed.values() if "fuzzy" in e.flags]
    assert not fuzzy, fuzzy[:10]


@pytest.mark.django_db
def test_english_pages_have_no_chinese_left_in_the_frame(client, county_user):
    client.force_login(county_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    # Names of people and places stay Chinese; the menu itself must be English.
    assert "首页" not in nav and "通知" not in nav
