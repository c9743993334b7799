"""Streaming the first worksheet of an .xlsx workbook as text, the way ``pandas.read_excel(dtype=str)`` sees it.

A province's roster is 100,000 rows of 19 columns: through openpyxl (which
pandas uses) that is minutes of per-cell object building, and all of it held
in memory. This reader streams the sheet XML in pieces of whole rows. A piece
whose cells all have the usual shape (``<c r=.. s=.. t=..>`` with a ``<v>`` or
a plain inline ``<is><t>``) is read with one regular expression; any other
piece (rich text, comments, prefixed tags, cells without a reference, ...) is
parsed with ElementTree and read cell by cell with openpyxl's own rules. Both
give the same text as pandas would: numbers as ``str(int)`` when integral,
date-formatted numbers as ``str(datetime)``, booleans ``True``/``False``, error
cells and pandas' default missing-value markers (``NA``, ``N/A``, ``NULL``,
...) as empty text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

from openpyxl.cell.text import Text
from openpyxl.reader.strings import read_string_table
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW = f"{{{MAIN_NS}}}row"
_CELL = f"{{{MAIN_NS}}}c"
_VALUE = f"{{{MAIN_NS}}}v"
_INLINE = f"{{{MAIN_NS}}}is"

# pandas.read_excel's default missing-value markers: such a text cell reads as empty.
NA_TEXTS = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"}
    | {"<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
)

# One cell of the usual shape: a reference, other attributes (parsed once per distinct text), then
# nothing, a value or a plain inline string. Anything else in a piece sends it to ElementTree.
_FAST_CELL = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(?:<v>|<is><t(?: xml:space="preserve")?>)([^<]*)<)')
_ATTRIBUTE = re.compile(r'\s([\w:]+)="([^"]*)"')
_FAST_SHARED = re.compile(r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
# Characters XML 1.0 forbids (never text of a well-formed workbook), and CR, which XML turns into LF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORBIDDEN_BYTES = bytes([*range(0, 9), 11, 12, 13, *range(14, 32)])
_ENCODING = re.compile(r"\ufeff?<\?xml[^>]*encoding=[\"'](?!utf-8[\"'])", re.I)
_PIECE_BYTES = 1 << 20  # sheet XML read at a time (uncompressed): about a thousand rows


class UnreadableWorkbook(ValueError):
    """The file is not an .xlsx workbook this reader (or openpyxl) could read."""


_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _reference(match: re.Match) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code >= 0x110000 or 0xD800 <= code <= 0xDFFF or _FORBIDDEN.match(chr(code)):
        raise UnreadableWorkbook(f"character reference {match.group(0)} is not allowed in XML")
    return chr(code)


def _unescape(text: str) -> str:
    """XML's five entities and character references, as strictly as an XML parser reads them."""
    if "&" in _REFERENCE.sub("", text):
        raise UnreadableWorkbook("undefined entity")  # an XML parser stops there too
    return _REFERENCE.sub(_reference, text)


def _parse(data: bytes) -> ElementTree.Element:
    """ElementTree, refusing what defusedxml refuses: a document type (the door to entity expansion)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnreadableWorkbook("document type declarations are not allowed")
    return ElementTree.fromstring(data)  # noqa: S314 - no DTD, so no entities but XML's five


def _xml(archive: zipfile.ZipFile, path: str) -> ElementTree.Element:
    return _parse(archive.read(path))


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of ``part``: id -> (type, absolute target path)."""
    folder, name = dirname(part), part.rsplit("/", 1)[-1]
    path = join(folder, "_rels", f"{name}.rels") if folder else f"_rels/{name}.rels"
    if path not in archive.namelist():
        return {}
    found = {}
    for rel in _xml(archive, path).iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


class _Book:
    """What reading one sheet needs from the workbook: shared strings, date styles, the 1900/1904 epoch."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        office = [t for kind, t in _rels(archive, "").values() if kind.endswith("/officeDocument")]
        self.part = office[0] if office else "xl/workbook.xml"
        workbook = _xml(archive, self.part)
        props = workbook.find(f"{{{MAIN_NS}}}workbookPr")
        date1904 = props is not None and props.get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        rels = _rels(archive, self.part)
        self.sheets = []  # worksheets in workbook order, as pandas' sheet_name=0 counts them
        for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
            kind, target = rels.get(sheet.get(f"{{{REL_NS}}}id", ""), ("", ""))
            if kind.endswith("/worksheet"):
                self.sheets.append(target)
        self.date_styles: frozenset[int] = frozenset()
        self.timedelta_styles: frozenset[int] = frozenset()
        self.shared: list[str] = []
        for kind, target in rels.values():
            if kind.endswith("/styles"):
                sheet = Stylesheet.from_tree(_xml(archive, target))
                self.date_styles = frozenset(sheet.date_formats)
                self.timedelta_styles = frozenset(sheet.timedelta_formats)
            elif kind.endswith("/sharedStrings"):
                self.shared = _shared_strings(archive, target)


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    """The shared-string table, by one regular expression when every entry is plain text, else by openpyxl."""
    data = archive.read(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and not _ENCODING.match(text) and "\r" not in text and _FORBIDDEN.search(text) is None:
        found = _FAST_SHARED.findall(text)
        if len(found) == text.count("<si>") + text.count("<si "):
            return [(_unescape(s) if "&" in s else s).replace("x005F_", "") for s in found]
    with archive.open(path) as handle:
        return read_string_table(handle)


def _number(raw: str):
    if "." in raw or "E" in raw or "e" in raw:
        return float(raw)
    return int(raw)


class SheetReader:
    """Rows of the first worksheet as (row number, {column letters: text}), empty rows left out."""

    def __init__(self, file):
        try:
            self.archive = zipfile.ZipFile(file)
            self.book = _Book(self.archive)
        except Exception as exc:  # whatever stops openpyxl stops us: the file is not a workbook we can read
            raise UnreadableWorkbook(str(exc)) from exc
        if not self.book.sheets:
            raise UnreadableWorkbook("no worksheet")
        self.shared = self.book.shared
        self._kinds: dict[str, tuple[str, int]] = {}
        self._row = 0  # the last row number seen, for rows and cells without a reference

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from self._rows()
        except UnreadableWorkbook:
            raise
        except Exception as exc:  # a damaged archive, XML or value: unreadable, as for openpyxl
            raise UnreadableWorkbook(str(exc)) from exc

    # Text of one cell, by openpyxl's reading and pandas' conversion.

    def _text(self, kind: str, style: int, raw: str | None, inline: str | None) -> str:
        if kind == "inlineStr":
            text = inline
        elif raw is None or raw == "":
            return ""
        elif kind in ("n", ""):
            number = _number(raw)
            if style in self.book.date_styles:
                try:
                    value = from_excel(number, self.book.epoch, timedelta=style in self.book.timedelta_styles)
                except (OverflowError, ValueError):
                    return ""  # openpyxl turns it into an error cell, pandas into a missing value
                return str(value)
            integral = int(number)
            return str(integral) if integral == number else str(float(number))
        elif kind == "s":
            text = self.shared[int(raw)]
        elif kind == "str":
            text = raw
        elif kind == "b":
            return str(bool(int(raw)))
        elif kind == "d":
            return str(from_ISO8601(raw))
        else:  # "e": an error value such as #DIV/0!
            return ""
        if text is None or text in NA_TEXTS:
            return ""
        return text

    # The sheet XML, in pieces of whole rows.

    def _rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        with self.archive.open(self.book.sheets[0]) as stream:
            buffer = b""
            while True:
                chunk = stream.read(_PIECE_BYTES)
                buffer += chunk
                start = re.search(rb"<(?:(\w+):)?sheetData\b[^>]*?(/?)>", buffer)
                if start is not None or not chunk:
                    break
            if start is None or start.group(2) == b"/":
                return
            head = buffer[: start.start()]
            if _ENCODING.match(head.decode("utf-8", errors="replace")):
                raise UnreadableWorkbook("sheet is not UTF-8")  # Excel, WPS and openpyxl write UTF-8
            root = re.search(rb"<(?:(\w+):)?worksheet\b[^>]*>", head)
            if root is None:
                raise UnreadableWorkbook("no worksheet element")
            prefix = start.group(1)
            self._wrap = (root.group(0), b"</" + (prefix + b":" if prefix else b"") + b"worksheet>")
            row_end = b"</" + (prefix + b":" if prefix else b"") + b"row>"
            fast = prefix is None
            buffer = buffer[start.end() :]
            while True:
                cut = buffer.rfind(row_end)
                if cut >= 0:
                    cut += len(row_end)
                    piece, buffer = buffer[:cut], buffer[cut:]
                    yield from self._piece(piece, fast)
                chunk = stream.read(_PIECE_BYTES)
                if not chunk:
                    break
                buffer += chunk
            end = re.search(rb"</(?:\w+:)?sheetData>", buffer)
            rest = buffer[: end.start()] if end is not None else buffer
            if rest.strip():
                yield from self._piece(rest, fast)

    def _piece(self, piece: bytes, fast: bool) -> Iterator[tuple[int, dict[str, str]]]:
        if fast and len(piece.translate(None, _FORBIDDEN_BYTES)) == len(piece):
            text = piece.decode("utf-8")
            # No comments, CDATA or processing instructions, no rich-text runs in inline strings.
            if "<!" not in text and "<?" not in text and "<r>" not in text and "<r " not in text:
                cells = _FAST_CELL.findall(text)
                if len(cells) == text.count("<c"):  # within sheetData only cells start so
                    yield from self._fast(cells)
                    return
        yield from self._slow(piece)

    def _kind(self, attributes: str) -> tuple[str, int]:
        """(type, style) of a cell's other attributes; type "n:date" for a number in a date format."""
        values = dict(_ATTRIBUTE.findall(attributes))
        kind, style = values.get("t", "n"), int(values.get("s") or 0)
        if kind == "n" and style in self.book.date_styles:
            kind = "n:date"
        found = self._kinds[attributes] = (kind, style)
        return found

    def _fast(self, cells) -> Iterator[tuple[int, dict[str, str]]]:
        shared, kinds, kind_of, na = self.shared, self._kinds, self._kind, NA_TEXTS
        current, values = "", {}
        for letters, number, attributes, raw in cells:
            if number != current:
                if values:
                    yield int(current), values
                current, values = number, {}
            if not raw:
                continue
            kind, style = kinds.get(attributes) or kind_of(attributes)
            if kind == "inlineStr" or kind == "str":
                text = _unescape(raw) if "&" in raw else raw
            elif kind == "s":
                text = shared[int(raw)]
            elif kind == "n" and raw.isascii() and raw.isdigit():
                values[letters] = raw.lstrip("0") or "0"  # str(int(raw)), the usual number
                continue
            else:
                raw = _unescape(raw) if "&" in raw else raw
                text = self._text("n" if kind == "n:date" else kind, style, raw, None)
            if text not in na:
                values[letters] = text
        if values:
            yield int(current), values
        if current:
            self._row = int(current)

    def _slow(self, piece: bytes) -> Iterator[tuple[int, dict[str, str]]]:
        start, end = self._wrap
        tree = _parse(start + piece + end)
        for row in tree.iter(_ROW):
            number = int(row.get("r") or self._row + 1)
            self._row = number
            values: dict[str, str] = {}
            col = 0
            for cell in row.iter(_CELL):
                ref = cell.get("r")
                col = column_index_from_string(ref.rstrip("0123456789")) if ref else col + 1
                kind = cell.get("t", "n")
                style = int(cell.get("s") or 0)
                if kind == "inlineStr":
                    child = cell.find(_INLINE)
                    inline = Text.from_tree(child).content if child is not None else None
                    text = self._text(kind, style, None, inline)
                else:
                    text = self._text(kind, style, cell.findtext(_VALUE, None) or None, None)
                if text:
                    values[get_column_letter(col)] = text
            if values:
                yield number, values


def read_sheet(file) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column letters: text}) of the first worksheet's non-empty rows, in order."""
    return iter(SheetReader(file))
