"""Writing a checked roster: all or nothing, in batches, as the services would row by row.

A row is matched to an existing mandate by ID number (its keyed hash) and
congress, so importing the same file again updates instead of duplicating.
Clean rows are written in batches of ``BATCH_ROWS`` with a fixed number of
statements per batch through ``core.bulk.CopyWriter`` (COPY on PostgreSQL, in
a background thread so that the next rows are read while the database
writes). What is written is what ``services.deputy_create`` / ``deputy_update``
would write: the same derived columns (``deputies.people.person_derived``),
the identifiers encrypted by the fields' own public API, tags replaced, and
one change-audit event per mandate created or updated, built by
``core.audit.audit_rows`` as a save would record it.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AUDIT_COLUMNS, audit_rows, audit_source, created_fields
from core.bulk import CopyWriter
from core.choices import AuditAction
from core.models import AuditEvent
from core.request import current_request

from ..choices import DeputyStatus, Gender
from ..models import Congress, Deputy, ExpertiseTag, Person, new_public_code
from ..people import DERIVED_FIELDS, PERSON_FIELDS
from ..validators import id_number_errors
from .check import CleanRow, RowChecker, RowError
from .columns import REGION
from .read import RosterFile

# Rows written per batch: the statements per batch are fixed, so the count grows by one
# batch's worth per BATCH_ROWS rows, never per row.
BATCH_ROWS = 2000
# On PostgreSQL the writes run in a thread while the next rows are read (see core.bulk).
BACKGROUND_WRITES = True


@dataclass(slots=True)
class _PersonState:
    """A person as this import leaves them: id, birth date and tags, for later rows of the same person."""

    pk: int | None
    birth_date: dt.date | None
    tags: tuple[str, ...] | None  # None: not known (a person already in the database, tags not loaded)


# Fields of a mandate an import row sets (besides the person); their change is what the audit lists.
_MANDATE_FIELDS = ("region_id", "electoral_unit", "delegation", "sector_class", "elected_on")
# The person's columns as written: what the office fills in, what is derived from it, the time.
_PERSON_COLUMNS = [*PERSON_FIELDS, *DERIVED_FIELDS, "updated_at"]
_DEPUTY_COLUMNS = [
    "id",
    "person_id",
    "congress_id",
    "level",
    "region_id",
    "electoral_unit",
    "delegation",
    "sector_class",
    "elected_on",
    "status",
    "status_changed_on",
    "status_reason",
    "public_code",
    "created_at",
    "updated_at",
]


class RosterWriter:
    """Writes checked rows in batches, as the services would row by row; see the module docstring."""

    def __init__(self, actor):
        self.actor = actor
        self.statements = CopyWriter(background=BACKGROUND_WRITES, name="roster-import-writer")
        self.postgres = self.statements.postgres
        self.null = self.statements.null
        self.created = self.updated = 0
        self.people: dict[str, _PersonState] = {}  # by ID hash, everyone this import wrote
        self.tag_ids: dict[str, int] = {}
        # The fields' own encryption, each cipher built once for the whole import.
        self.encrypt_id = Person._meta.get_field("id_number").encryptor()
        self.encrypt_mobile = Person._meta.get_field("mobile").encryptor()
        self.links = Person.expertise_tags.through._meta.db_table
        self._dates: dict[dt.date, str] = {}
        # The change audit of a save (core.audit.record_saved): the request's user and address, if any.
        request = current_request()
        self.audit = audit_source(actor=getattr(request, "user", None), request=request)
        self.created_detail = {"fields": created_fields(Deputy)}

    def _take_ids(self, model, count: int) -> list[int]:
        """Ids for new rows, on PostgreSQL taken from the table's sequence ahead of the COPY."""
        return self.statements.take_ids(model._meta.db_table, count, ahead=5 * BATCH_ROWS)

    def _tags(self, names: set[str]) -> None:
        missing = sorted(n for n in names if n not in self.tag_ids)
        if not missing:
            return
        with self.statements.exclusive():
            found = dict(ExpertiseTag.objects.filter(name__in=missing).values_list("name", "pk"))
            new = [n for n in missing if n not in found]
            if new:
                ExpertiseTag.objects.bulk_create([ExpertiseTag(name=n) for n in new], ignore_conflicts=True)
                found = dict(ExpertiseTag.objects.filter(name__in=missing).values_list("name", "pk"))
        self.tag_ids.update(found)

    def _iso(self, day: dt.date) -> str:
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = day.isoformat()
        return text

    def _people_by_hash(self, digests: set[str]) -> list[tuple[int, str, dt.date | None]]:
        if self.postgres:  # one array parameter rather than thousands of placeholders
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, id_number_hash, birth_date FROM {Person._meta.db_table} "  # noqa: S608
                    "WHERE id_number_hash = ANY(%s)",
                    [list(digests)],
                )
                return cursor.fetchall()
        return list(Person.objects.filter(id_number_hash__in=digests).values_list("pk", "id_number_hash", "birth_date"))

    def write(self, rows: list[CleanRow]) -> list[RowError]:
        """Write one batch; rows that the database shows to be wrong come back as errors, nothing written."""
        null = self.null
        now = timezone.now()
        now_text = now.isoformat() if self.postgres else connection.ops.adapt_datetimefield_value(now)
        # Who is known already: people by ID hash (this import's own from memory), their mandates.
        unknown = {r.id_hash for r in rows if r.id_hash not in self.people}
        mandates: dict[tuple[int, int], dict[str, Any]] = {}
        visible: set[int] = set()
        with self.statements.exclusive():
            if unknown:
                for pk, digest, birth in self._people_by_hash(unknown):
                    self.people[digest] = _PersonState(pk, birth, None)
            known = {r.id_hash: self.people[r.id_hash] for r in rows if r.id_hash in self.people}
            if known:
                person_ids = {p.pk for p in known.values()}
                congress_ids = {r.congress.pk for r in rows}
                for m in Deputy.objects.filter(person_id__in=person_ids, congress_id__in=congress_ids).values(
                    "pk", "person_id", "congress_id", *_MANDATE_FIELDS
                ):
                    mandates[m["person_id"], m["congress_id"]] = m
            if mandates:
                ids = [m["pk"] for m in mandates.values()]
                visible = set(Deputy.objects.visible_to(self.actor).filter(pk__in=ids).values_list("pk", flat=True))

        # Fold the rows into one final state per person, as saving them one by one would leave it.
        people: dict[str, dict[str, Any]] = {}
        creates: list[tuple[CleanRow, dict[str, Any]]] = []
        updates: list[tuple[CleanRow, dict[str, Any]]] = []
        errors: list[RowError] = []
        for row in rows:
            state = known.get(row.id_hash)
            person = people.get(row.id_hash)
            if person is None:
                person = people[row.id_hash] = {
                    "state": state,
                    "birth_date": state.birth_date if state is not None else None,
                    "mobile": None,
                }
            # Saving keeps the stored birth date when the row has none; the ID number must then match it.
            kept = person["birth_date"] if row.birth_date is None else None
            if kept is not None and kept != row.born:  # row.born: the ID number's, the row having none
                reasons = id_number_errors(row.id_number, birth_date=kept, male=row.gender == Gender.MALE)
                errors.append(RowError(row.row, "身份证号码", " ".join(reasons)))
                continue
            person["row"] = row
            if row.birth_date is not None:
                person["birth_date"] = row.birth_date
            if row.mobile is not None:
                person["mobile"] = row.mobile
            mandate = mandates.get((state.pk, row.congress.pk)) if state is not None else None
            if mandate is None:
                creates.append((row, person))
            elif mandate["pk"] not in visible:
                # The ID belongs to a mandate of this congress out of the user's reach.
                errors.append(RowError(row.row, "所属人大", _("该人员在本届人大已有代表资格。")))
            else:
                updates.append((row, mandate))
        if errors:
            return errors

        # People: new ones inserted with their ids, known ones updated (mobile kept when the file has none).
        order = list(people.values())
        encrypt_id, encrypt_mobile = self.encrypt_id, self.encrypt_mobile
        new_people = [p for p in order if p["state"] is None]
        if self.postgres:
            for person, pk in zip(new_people, self._take_ids(Person, len(new_people)), strict=True):
                person["pk"] = pk
        inserts, changes = [], []
        for person in order:
            row = person["row"]
            birth = person["birth_date"] or row.born
            person["birth_date"] = birth
            mobile = person["mobile"]
            values = (  # in _PERSON_COLUMNS order
                row.name,
                row.gender,
                row.ethnicity,
                self._iso(birth) if birth is not None else null,
                row.political_affiliation,
                row.education,
                row.occupation,
                row.work_unit,
                encrypt_id(row.id_number),
                encrypt_mobile(mobile) if mobile is not None else null,
                row.email,
                row.address,
                row.id_hash,
                row.stroke_key,
                now_text,
            )
            if person["state"] is None:
                head = (str(person["pk"]),) if self.postgres else ()
                inserts.append((*head, *values, now_text, null))
            else:
                person["pk"] = person["state"].pk
                changes.append((person["pk"], *values))
        table = Person._meta.db_table
        id_column = ["id"] if self.postgres else []
        self.statements.insert(table, [*id_column, *_PERSON_COLUMNS, "created_at", "user_id"], inserts)
        kinds = {"birth_date": "date", "updated_at": "timestamptz", "id_number": "text", "mobile": "text"}
        self.statements.update(table, [(c, kinds.get(c, "varchar"), c == "mobile") for c in _PERSON_COLUMNS], changes)
        if new_people and not self.postgres:
            digests = [p["row"].id_hash for p in new_people]
            ids = dict(Person.objects.filter(id_number_hash__in=digests).values_list("id_number_hash", "pk"))
            for person in new_people:
                person["pk"] = ids[person["row"].id_hash]

        # Tags: each written person ends with exactly the tags of their last row.
        self._tags({t for p in order for t in p["row"].tags})
        stale = [p for p in order if p["state"] is not None and p["state"].tags is None]
        current: dict[int, set[str]] = {}
        if stale:
            names = {pk: name for name, pk in self.tag_ids.items()}
            through = Person.expertise_tags.through.objects.filter(person_id__in=[p["pk"] for p in stale])
            with self.statements.exclusive():
                links = list(through.values_list("person_id", "expertisetag_id", "expertisetag__name"))
            for person_id, tag_id, tag_name in links:
                names.setdefault(tag_id, tag_name)
                current.setdefault(person_id, set()).add(tag_name)
            self.tag_ids.update({name: pk for pk, name in names.items()})
        added, removed = [], []
        for person in order:
            wanted = set(person["row"].tags)
            state = person["state"]
            known_tags = state is not None and state.tags is not None
            before = set(state.tags) if known_tags else current.get(person["pk"], set())
            added += [(str(person["pk"]), str(self.tag_ids[n])) for n in sorted(wanted - before)]
            removed += [(person["pk"], self.tag_ids[n]) for n in sorted(before - wanted)]
            self.people[person["row"].id_hash] = _PersonState(person["pk"], person["birth_date"], tuple(wanted))
        self.statements.delete_pairs(self.links, ("person_id", "expertisetag_id"), removed)
        if not self.postgres:
            added = [(int(p), int(g)) for p, g in added]
        self.statements.insert(self.links, ["person_id", "expertisetag_id"], added)

        # Mandates, and the change audit a save of each would have recorded.
        deputy_ids = self._take_ids(Deputy, len(creates)) if self.postgres else [None] * len(creates)
        deputies = []
        codes = []
        for (row, person), pk in zip(creates, deputy_ids, strict=True):
            code = new_public_code()
            codes.append(code)
            deputies.append(
                (
                    str(pk) if pk is not None else null,
                    str(person["pk"]),
                    str(row.congress.pk),
                    row.congress.level,
                    str(row.region.pk),
                    row.electoral_unit,
                    row.delegation,
                    row.sector_class,
                    self._iso(row.elected_on) if row.elected_on is not None else null,
                    DeputyStatus.SERVING.value,
                    null,
                    "",
                    code,
                    now_text,
                    now_text,
                )
            )
        columns = _DEPUTY_COLUMNS if self.postgres else _DEPUTY_COLUMNS[1:]
        self.statements.insert(Deputy._meta.db_table, columns, deputies if self.postgres else [d[1:] for d in deputies])
        if not self.postgres and codes:
            ids = dict(Deputy.objects.filter(public_code__in=codes).values_list("public_code", "pk"))
            deputy_ids = [ids[code] for code in codes]
        created = [(pk, row.name, self.created_detail) for (row, _person), pk in zip(creates, deputy_ids, strict=True)]
        changes, updated = [], []
        for row, mandate in updates:
            new = (row.region.pk, row.electoral_unit, row.delegation, row.sector_class, row.elected_on)
            changed = [
                f.removesuffix("_id") for f, value in zip(_MANDATE_FIELDS, new, strict=True) if mandate[f] != value
            ]
            changes.append((mandate["pk"], *new[:4], new[4].isoformat() if new[4] is not None else None, now_text))
            updated.append((mandate["pk"], row.name, {"fields": sorted(changed)}))
        self.statements.update(
            Deputy._meta.db_table,
            [
                ("region_id", "bigint", False),
                ("electoral_unit", "varchar", False),
                ("delegation", "varchar", False),
                ("sector_class", "varchar", False),
                ("elected_on", "date", False),
                ("updated_at", "timestamptz", False),
            ],
            changes,
        )
        audit = [
            *audit_rows(action=AuditAction.CREATE, model=Deputy, targets=created, **self._audit_args(now_text)),
            *audit_rows(action=AuditAction.UPDATE, model=Deputy, targets=updated, **self._audit_args(now_text)),
        ]
        self.statements.insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, audit)
        self.created += len(creates)
        self.updated += len(updates)
        return []

    def _audit_args(self, now_text: str) -> dict[str, Any]:
        return {"source": self.audit, "occurred_at": now_text, "null": self.null}

    def finish(self) -> None:
        self.statements.close()

    def abandon(self) -> BaseException | None:
        """Stop the writer thread after a failure; its own error, if it had one, is the cause to report."""
        return self.statements.abandon()


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in rows:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk job, and put it back afterwards.

    An import allocates millions of short-lived objects while keeping a
    hundred thousand (who was written); the collector's repeated passes over
    those took a fifth of the time and find next to nothing: reference
    counting frees the import's objects, and the few cycles (querysets) are
    collected once the import is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@transaction.atomic
def roster_import(*, actor, file, congress: Congress | None = None, preview: bool = False) -> dict[str, Any]:
    """Import an uploaded roster; with any error nothing is written and every error is returned.

    ``congress``: chosen on the import page, the congress of rows that name none
    (the sheet may then lack the 所属人大 column). ``preview``: run the whole
    import and roll it back, so that "would add N, update M, K errors" are the
    import's own answers (the clean rows are counted even when others have
    errors). Raises ApplicationError when the file cannot be read or lacks a
    required column.
    """
    with _collector_paused():
        result = _roster_import(actor, file, congress, preview)
    if preview:
        transaction.set_rollback(True)
    return result


def _roster_import(actor, file, congress: Congress | None, preview: bool) -> dict[str, Any]:
    roster = RosterFile(file, congress_chosen=congress is not None)
    checker = RowChecker(actor, congress=congress)
    writer = RosterWriter(actor)
    checker.exclusive = writer.statements.exclusive
    size = BATCH_ROWS if writer.postgres else min(BATCH_ROWS, connection.features.max_query_params - 99)
    errors: list[RowError] = []
    try:
        for batch in _batches(roster, size):
            checker.load_regions(values[REGION] for _number, values in batch)
            clean = []
            for number, values in batch:
                row, row_errors = checker.check(number, values)
                if row_errors:
                    errors.extend(row_errors)
                elif preview or not errors:
                    clean.append(row)
            if clean and (preview or not errors):
                errors.extend(writer.write(clean))
        writer.finish()
    except BaseException as exc:
        cause = writer.abandon()
        if cause is not None and cause is not exc:
            raise cause from exc  # the database's own error, not the aborted transaction it left
        raise
    if errors:
        transaction.set_rollback(True)
        errors.sort(key=lambda e: e.row)
        if preview:
            return {"created": writer.created, "updated": writer.updated, "errors": errors}
        return {"created": 0, "updated": 0, "errors": errors}
    return {"created": writer.created, "updated": writer.updated, "errors": []}
