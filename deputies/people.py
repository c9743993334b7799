"""A person's fields and the stored values derived from them.

One list of the fields an office fills in for a person, shared by the
services, the registration form, the admin and the roster import, and one
function for every value stored alongside them (normalised identifiers, the ID
number's keyed hash, the birth date and gender the ID number gives, the
stroke-order key of the name), so that a single save and a bulk import store
the same columns for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .choices import Gender
from .strokes import name_stroke_key
from .validators import id_birth_date, id_gender_is_male, id_number_hash, normalize_id_number, normalize_mobile

# The fields an office fills in for a person, in the order of the roster and the form.
PERSON_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "political_affiliation",
    "education",
    "occupation",
    "work_unit",
    "id_number",
    "mobile",
    "email",
    "address",
)
# Personal identifiers: stored encrypted, never sent back to a browser in clear.
IDENTIFIERS = ("id_number", "mobile")
# Columns nobody fills in: kept by person_derived from the fields above.
DERIVED_FIELDS = ("id_number_hash", "name_stroke_key")
# A mandate's own fields besides its person, congress and region.
MANDATE_FIELDS = ("electoral_unit", "delegation", "sector_class", "elected_on")


def person_derived(data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values that follow from a person's (checked) data.

    ``data`` holds some of PERSON_FIELDS; the result holds the identifiers as
    stored (normalised, None when blank), ``id_number_hash``, the birth date
    (the given one, else the ID number's), the gender (the given one, else the
    ID number's) and ``name_stroke_key``. Validation is the caller's: the ID
    number's checksum and its agreement with the birth date and gender.
    """
    id_number = normalize_id_number(data.get("id_number") or "") or None
    mobile = normalize_mobile(data.get("mobile") or "") or None
    birth: dt.date | None = data.get("birth_date")
    gender = data.get("gender") or ""
    if id_number is not None:
        if birth is None:
            birth = id_birth_date(id_number)
        if not gender and id_number[16:17].isdigit():
            gender = Gender.MALE.value if id_gender_is_male(id_number) else Gender.FEMALE.value
    return {
        "id_number": id_number,
        "id_number_hash": id_number_hash(id_number) if id_number is not None else None,
        "birth_date": birth,
        "gender": gender,
        "mobile": mobile,
        "name_stroke_key": name_stroke_key(data.get("name") or ""),
    }
