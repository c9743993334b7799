"""The roster export: the import's columns, with the mandate's level and status, identifiers masked."""

from __future__ import annotations

from typing import Any

from ..validators import mask_id_number, mask_mobile


def export_rows(queryset) -> list[list[Any]]:
    """Roster rows with identifiers masked; the queryset is exactly what the user filtered."""
    rows = []
    for d in queryset:
        p = d.person
        rows.append(
            [
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                p.birth_date.isoformat() if p.birth_date else "",
                mask_id_number(p.id_number),
                p.get_political_affiliation_display(),
                p.get_education_display(),
                p.occupation,
                p.work_unit,
                mask_mobile(p.mobile),
                p.email,
                p.address,
                "、".join(t.name for t in p.expertise_tags.all()),
                d.get_level_display(),
                d.congress.name,
                d.region.code,
                d.electoral_unit,
                d.delegation,
                d.get_sector_class_display(),
                d.elected_on.isoformat() if d.elected_on else "",
                d.get_status_display(),
            ]
        )
    return rows
