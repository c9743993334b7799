"""Translation workflow helper for locale/en/LC_MESSAGES/django.po.

    python tools/i18n.py split OUTDIR   # untranslated entries -> OUTDIR/<app>.json ({msgid: ""})
    python tools/i18n.py merge JSON...  # fill msgstr from translated JSON files, then compilemessages

Entries are grouped by the app of their first source reference so that
translators can work on several apps at once without touching the same file.
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _key(entry) -> str:
    return entry.msgid if not entry.msgid_plural else f"{entry.msgid}\x00{entry.msgid_plural}"


def _app(entry) -> str:
    if not entry.occurrences:
        return "misc"
    path = entry.occurrences[0][0]
    parts = Path(path).parts
    return parts[1] if parts[0] == "templates" and len(parts) > 2 else parts[0]


def split(outdir: str) -> None:
    po = polib.pofile(str(PO))
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.translated() or "fuzzy" in entry.flags:
            groups[_app(entry)][_key(entry)] = ""
    Path(outdir).mkdir(parents=True, exist_ok=True)
    for app, entries in groups.items():
        (Path(outdir) / f"{app}.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{app}: {len(entries)}")


def merge(files: list[str]) -> None:
    po = polib.pofile(str(PO))
    by_key = {_key(e): e for e in po}
    filled = 0
    for file in files:
        for key, text in json.loads(Path(file).read_text(encoding="utf-8")).items():
            entry = by_key.get(key)
            if entry is None or not text:
                continue
            if entry.msgid_plural:
                forms = text if isinstance(text, list) else [text, text]
                entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    po.save(str(PO))
    print(f"filled {filled}; {po.percent_translated()}% translated")


if __name__ == "__main__":
    {"split": lambda: split(sys.argv[2]), "merge": lambda: merge(sys.argv[2:])}[sys.argv[1]]()
