"""Model fields shared by the apps.

``EncryptedCharField`` is django-fernet-encrypted-fields' field with a public way
to produce the stored text of a value, so that bulk writes (COPY) store exactly
what a save would without reaching into the field's cipher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from encrypted_fields import fields as encrypted


class EncryptedCharField(encrypted.EncryptedCharField):
    """A CharField stored as a Fernet token (key derived from SECRET_KEY and SALT_KEY)."""

    def encryptor(self) -> Callable[[str], str]:
        """A function giving the stored token of a value; the cipher is built once, not per value.

        A token made this way is read back by the field like one written by a save
        (a fresh IV per value, so equal values give different tokens).
        """
        encrypt = self.f.encrypt  # the library's cached Fernet / MultiFernet
        return lambda value: encrypt(value.encode("utf-8")).decode("ascii")

    def encrypt_for_storage(self, value: str) -> str:
        """The stored token of one value."""
        return self.encryptor()(value)

    def encrypt_many(self, values: Iterable[str]) -> list[str]:
        """The stored tokens of many values, in order."""
        encrypt = self.encryptor()
        return [encrypt(value) for value in values]
