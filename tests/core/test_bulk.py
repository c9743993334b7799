"""core.bulk.CopyWriter: rows in, rows updated, pairs deleted, inside the caller's transaction."""

import pytest
from django.db import DataError, connection, transaction

from core.bulk import CopyWriter
from deputies.models import ExpertiseTag, Person
from tests.deputies.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_insert_update_and_delete_pairs_write_what_they_are_given():
    tag = ExpertiseTag.objects.create(name="教育")
    first, second = PersonFactory(name="甲"), PersonFactory(name="乙", address="旧址")
    links = Person.expertise_tags.through
    # Made before the writer starts: while it runs, the connection is its thread's (see exclusive()).
    links.objects.create(person=first, expertisetag=tag)
    links.objects.create(person=second, expertisetag=tag)
    writer = CopyWriter()
    null = writer.null
    now = "2026-01-01T00:00:00+00:00"
    table = ExpertiseTag._meta.db_table
    writer.insert(table, ["name", "created_at", "updated_at"], [("新标签\t带制表符\\", now, now)])
    keep_address = [("address", "varchar", True), ("occupation", "varchar", False)]
    writer.update(Person._meta.db_table, keep_address, [(first.pk, "新址", "教师"), (second.pk, null, "医生")])
    writer.delete_pairs(links._meta.db_table, ("person_id", "expertisetag_id"), [(first.pk, tag.pk)])
    writer.close()
    assert ExpertiseTag.objects.filter(name="新标签\t带制表符\\").exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.address, first.occupation) == ("新址", "教师")
    assert (second.address, second.occupation) == ("旧址", "医生")  # NULL in a kept column leaves the value
    assert list(links.objects.values_list("person_id", flat=True)) == [second.pk]


@pytest.mark.postgres
def test_a_database_error_in_the_writer_thread_is_raised_in_the_caller():
    with pytest.raises(DataError, match="division by zero"), transaction.atomic():
        writer = CopyWriter()
        writer._run("SELECT 1/0", lambda cursor: cursor.execute("SELECT 1/0"))
        writer.close()


@pytest.mark.postgres
def test_ids_are_taken_from_the_sequence_ahead_of_the_copy():
    writer = CopyWriter(background=False)
    table = ExpertiseTag._meta.db_table
    ids = writer.take_ids(table, 3, ahead=10)
    assert len(set(ids)) == 3 and writer.take_ids(table, 2) == [ids[-1] + 1, ids[-1] + 2]
    now = "2026-01-01T00:00:00+00:00"
    writer.insert(table, ["id", "name", "created_at", "updated_at"], [(str(ids[0]), "甲", now, now)])
    writer.close()
    assert ExpertiseTag.objects.get(name="甲").pk == ids[0]
    assert connection.vendor == "postgresql"
