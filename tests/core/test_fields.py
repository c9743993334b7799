"""core.fields.EncryptedCharField: the public way to the stored text of a value."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from deputies.models import Person
from tests.deputies.factories import PersonFactory


@pytest.mark.parametrize("text", ["", "1", "13800001234", "330106197506010011", "X" * 16, "中文" * 9, "a" * 47])
def test_stored_tokens_read_like_the_fields_own(text):
    field = Person._meta.get_field("id_number")
    tokens = field.encrypt_many([text, text])
    assert tokens[0] != tokens[1]  # a fresh IV per value
    for token in [*tokens, field.encrypt_for_storage(text)]:
        assert field.to_python(token) == text
        assert Fernet(field.keys[0]).decrypt(token.encode()).decode() == text


@pytest.mark.django_db
def test_a_token_written_in_bulk_is_read_back_by_the_model():
    person = PersonFactory(mobile="13800000000")
    token = Person._meta.get_field("mobile").encryptor()("13900000000")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE deputies_person SET mobile = %s WHERE id = %s", [token, person.pk])
    person.refresh_from_db()
    assert person.mobile == "13900000000"
