"""Personal identifiers: resident ID numbers (GB 11643-1999) and mainland mobile numbers.

The functions here are pure so that they can be property-tested; the model
and form fields use the ``validate_*`` wrappers, which raise ValidationError
with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.masking import mask_middle, mask_phone

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# ASCII digits only: ``\d`` alone also matches full-width and other scripts' digits, which
# would store a number that no search, hash or masked display matches its ASCII form.
_ID_RE = re.compile(r"^[1-9]\d{16}[\dX]$", re.ASCII)
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)


def normalize_id_number(value: str) -> str:
    if isinstance(value, str) and value.isalnum():  # the usual case, no spaces to remove: skip the regex
        return value.upper()
    return re.sub(r"\s+", "", str(value or "")).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_gender_is_male(number: str) -> bool:
    """The 17th digit is odd for men and even for women."""
    return int(number[16]) % 2 == 1


def id_number_errors(value: str, *, birth_date: dt.date | None = None, male: bool | None = None) -> list[str]:
    """Every reason ``value`` is not a valid resident ID number (empty list when valid)."""
    number = normalize_id_number(value)
    if not _ID_RE.match(number):
        return [_("身份证号码应为18位：17位数字加1位数字或X。")]
    errors = []
    born = id_birth_date(number)
    if born is None or born > dt.date.today() or born.year < 1900:
        errors.append(_("身份证号码中的出生日期无效。"))
    elif birth_date is not None and born != birth_date:
        errors.append(_("身份证号码中的出生日期与填写的出生日期不一致。"))
    if id_check_char(number[:17]) != number[17]:
        errors.append(_("身份证号码校验位错误。"))
    if male is not None and not errors and id_gender_is_male(number) != male:
        errors.append(_("身份证号码中的性别与填写的性别不一致。"))
    return errors


def validate_id_number(value: str) -> None:
    errors = id_number_errors(value)
    if errors:
        raise ValidationError(errors)


def normalize_mobile(value: str) -> str:
    if isinstance(value, str) and value.isdigit():  # the usual case, nothing to remove: skip the regex
        return value
    number = re.sub(r"[\s\-]", "", str(value or ""))
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    return number


def validate_mobile(value: str) -> None:
    if not _MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(_("手机号码应为11位，以1开头，第二位为3至9。"))


def id_number_hash(value: str) -> str:
    """A keyed hash of the normalised number: unique lookups without storing it in clear.

    Keyed with SECRET_KEY so that the column cannot be reversed by hashing
    every possible number; rotating the key means recomputing the column.
    """
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.digest(key, normalize_id_number(value).encode("utf-8"), "sha256").hex()


def mask_id_number(value: str | None) -> str:
    return mask_middle(normalize_id_number(value or ""), keep_start=4, keep_end=4)


def mask_mobile(value: str | None) -> str:
    return mask_phone(normalize_mobile(value or ""))
