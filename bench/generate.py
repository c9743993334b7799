"""Province-scale data for one five-year term, loaded with COPY.

At scale 1.0: 90,000 deputies, 3,000 stations, 3,000,000 receptions (each
with one or two of the township's deputies), 4,000,000 opinion items with their handling steps, 150,000 four-list items,
200,000 suggestions with replies and ratings, 5,000 posts with daily views.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from bench.copy import copy_rows, ids_after, max_id

TZ = ZoneInfo("Asia/Shanghai")
TERM_START = date(2022, 1, 1)
TERM_END = date(2026, 10, 31)
TERM_DAYS = (TERM_END - TERM_START).days

FULL = {
    "deputies": 90_000,
    "stations": 3_000,
    "receptions": 3_000_000,
    "opinions": 4_000_000,
    "list_items": 150_000,
    "proposals": 200_000,
    "posts": 5_000,
}
LIST_SHARES = (("work", 11_887), ("problem", 9_857), ("suggestion", 6_872), ("result", 403))
OPINION_STEPS = ("registered", "assigned", "handled", "supervised", "replied", "closed")
STEP_ACTION = {
    "registered": "register",
    "assigned": "assign",
    "handled": "handle",
    "supervised": "supervise",
    "replied": "reply",
    "closed": "close",
}


def _day(rng: random.Random) -> date:
    return TERM_START + timedelta(days=rng.randrange(TERM_DAYS))


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=TZ)


def generate(scale: float, *, seed: int = 2026, log=print) -> dict[str, int]:
    from accounts.choices import Role
    from accounts.models import User
    from campaigns.models import Campaign, ProblemItem, ResultItem, SuggestionItem, WorkItem
    from deputies.models import Congress, Deputy, Person
    from liaison_stations.models import OpinionItem, OpinionTransition, Reception, Station
    from proposals.models import HandlingUnit, Proposal, Rating, Reply, Session
    from publicity.models import Post, PostView
    from regions.models import Region

    rng = random.Random(seed)
    n = {key: max(1, int(value * scale)) for key, value in FULL.items()}
    counts: dict[str, int] = {}
    province = Region.objects.get(code="330000")
    cities = list(Region.objects.filter(level="city", code__startswith="33"))
    counties = list(Region.objects.filter(level="county", code__startswith="33"))
    townships = list(Region.objects.filter(level="township", code__startswith="33"))
    clerk, _ = User.objects.get_or_create(
        username="bench-clerk", defaults={"role": Role.PROVINCE_STAFF, "region": province, "is_staff": True}
    )

    # Congresses and deputies of five levels.
    congress_rows = [{"region_id": province.pk, "level": "national", "term_number": 14, "name": "第十四届全国人大"}]
    congress_rows.append(
        {"region_id": province.pk, "level": "provincial", "term_number": 14, "name": "浙江省第十四届人大"}
    )
    congress_rows += [
        {"region_id": c.pk, "level": "city", "term_number": 16, "name": f"{c.name}第十六届人大"} for c in cities
    ]
    congress_rows += [
        {"region_id": c.pk, "level": "county", "term_number": 18, "name": f"{c.name}第十八届人大"} for c in counties
    ]
    congress_rows += [
        {"region_id": t.pk, "level": "township", "term_number": 19, "name": f"{t.name}第十九届人大"} for t in townships
    ]
    before = max_id("deputies_congress")
    copy_rows(Congress, congress_rows)
    congresses = dict(zip(ids_after("deputies_congress", before), congress_rows, strict=True))
    by_level: dict[str, list[tuple[int, int]]] = {}
    for cid, row in congresses.items():
        by_level.setdefault(row["level"], []).append((cid, row["region_id"]))
    level_share = (("national", 0.002), ("provincial", 0.008), ("city", 0.06), ("county", 0.23), ("township", 0.70))
    plan = [level for level, share in level_share for _ in range(int(n["deputies"] * share))]
    before = max_id("deputies_person")
    copy_rows(
        Person,
        (
            {"name": f"代表{i:06d}", "gender": "male" if i % 2 else "female", "name_stroke_key": f"{i:06d}"}
            for i in range(len(plan))
        ),
    )
    person_ids = ids_after("deputies_person", before)
    before = max_id("deputies_deputy")
    copy_rows(
        Deputy,
        (
            {
                "person_id": pid,
                "congress_id": (pick := rng.choice(by_level[level]))[0],
                "region_id": pick[1],
                "level": level,
                "sector_class": rng.choice(["worker", "farmer", "professional", "civil_servant", "enterprise"]),
                "public_code": f"D{pid:011d}",
            }
            for pid, level in zip(person_ids, plan, strict=True)
        ),
    )
    deputy_ids = ids_after("deputies_deputy", before)
    counts["deputies"] = len(deputy_ids)
    log(f"deputies: {len(deputy_ids)}")

    # Stations in townships, receptions and opinion items with their steps.
    before = max_id("liaison_stations_station")
    copy_rows(
        Station,
        (
            {
                "name": f"联络站{i:05d}",
                "region_id": townships[i % len(townships)].pk,
                "address": "-",
                "public_code": f"S{i:011d}",
            }
            for i in range(n["stations"])
        ),
    )
    stations = [
        (sid, townships[i % len(townships)].pk) for i, sid in enumerate(ids_after("liaison_stations_station", before))
    ]
    before = max_id("liaison_stations_reception")
    reception_stations = [rng.choice(stations) for _ in range(n["receptions"])]
    counts["receptions"] = copy_rows(
        Reception,
        (
            {"station_id": sid, "region_id": rid, "date": _day(rng), "visitor_count": 1 + rng.randrange(9)}
            for sid, rid in reception_stations
        ),
    )
    log(f"receptions: {counts['receptions']}")
    # One or two of the township's own deputies receive at each reception.
    township_deputies: dict[int, list[int]] = {}
    for did, rid in Deputy.objects.filter(level="township").values_list("pk", "region_id"):
        township_deputies.setdefault(rid, []).append(did)
    counts["reception_deputies"] = copy_rows(
        Reception.deputies.through,
        (
            {"reception_id": reception_id, "deputy_id": deputy_id}
            for reception_id, (_, rid) in zip(
                ids_after("liaison_stations_reception", before), reception_stations, strict=True
            )
            for deputy_id in rng.sample(
                township_deputies.get(rid, []), min(len(township_deputies.get(rid, [])), 1 + rng.randrange(2))
            )
        ),
    )
    del reception_stations
    log(f"reception deputies: {counts['reception_deputies']}")
    before = max_id("liaison_stations_opinionitem")
    opinion_plan = []

    def opinions():
        for i in range(n["opinions"]):
            station_id, region_id = rng.choice(stations)
            day = _day(rng)
            # Offices close nearly every item within its deadlines: what is
            # older than two months is almost all closed; recent items are
            # spread over the handling steps.
            if (TERM_END - day).days > 60 and rng.random() < 0.97:
                steps = len(OPINION_STEPS)
            else:
                steps = rng.randrange(1, len(OPINION_STEPS) + 1)
            status = OPINION_STEPS[steps - 1]
            opinion_plan.append((steps, day))
            created = _moment(day, rng)
            yield {
                "region_id": region_id,
                "station_id": station_id,
                "title": "群众反映",
                "content": "-",
                "category": "urban",
                "status": status,
                "step_due_date": day + timedelta(days=15),
                "tracking_code": f"T{i:011d}",
                "created_at": created,
                "updated_at": created,
                "registered_at": created,
                "closed_at": created + timedelta(days=20) if status == "closed" else None,
            }

    counts["opinions"] = copy_rows(OpinionItem, opinions())
    item_start = max_id("liaison_stations_opinionitem") - counts["opinions"] + 1
    assert item_start > before

    def transitions():
        for offset, (steps, day) in enumerate(opinion_plan):
            previous = "pending"
            for step in OPINION_STEPS[:steps]:
                moment = _moment(day, rng)
                yield {
                    "item_id": item_start + offset,
                    "action": STEP_ACTION[step],
                    "from_status": previous,
                    "to_status": step,
                    "created_at": moment,
                    "updated_at": moment,
                }
                previous = step

    counts["opinion_steps"] = copy_rows(OpinionTransition, transitions())
    opinion_plan.clear()
    log(f"opinions: {counts['opinions']} with {counts['opinion_steps']} steps")

    # A province-wide campaign and its four lists.
    before = max_id("campaigns_campaign")
    copy_rows(Campaign, [{"name": "双岗建功", "region_id": province.pk, "start_date": TERM_START, "description": "-"}])
    campaign_id = ids_after("campaigns_campaign", before)[0]
    total_share = sum(share for _, share in LIST_SHARES)
    models = {"work": WorkItem, "problem": ProblemItem, "suggestion": SuggestionItem, "result": ResultItem}
    tables = {
        "work": "campaigns_workitem",
        "problem": "campaigns_problemitem",
        "suggestion": "campaigns_suggestionitem",
        "result": "campaigns_resultitem",
    }
    counts["list_items"] = 0
    made: dict[str, list[int]] = {}
    for kind, share in LIST_SHARES:
        count = max(1, n["list_items"] * share // total_share)
        before = max_id(tables[kind])

        def items(kind=kind, count=count):
            for _ in range(count):
                moment = _moment(_day(rng), rng)
                row = {
                    "campaign_id": campaign_id,
                    "region_id": rng.choice(counties).pk,
                    "title": kind,
                    "description": "-",
                    "created_at": moment,
                    "updated_at": moment,
                }
                if kind in ("work", "suggestion"):
                    row.update(listed_on=moment.date())
                elif kind == "problem":
                    row.update(found_on=moment.date(), work_item_id=rng.choice(made["work"]))
                elif kind == "result":
                    row.update(achieved_on=moment.date(), suggestion_id=rng.choice(made["suggestion"]))
                yield row

        counts["list_items"] += copy_rows(models[kind], items())
        made[kind] = ids_after(tables[kind], before)
    log(f"four-list items: {counts['list_items']}")

    # Suggestions with replies (84.5% A among replied) and ratings.
    provincial = next(cid for cid, row in congresses.items() if row["level"] == "provincial")
    before = max_id("proposals_session")
    copy_rows(Session, [{"congress_id": provincial, "name": "省十四届人大二次会议", "sequence": 2}])
    session_id = ids_after("proposals_session", before)[0]
    before = max_id("proposals_handlingunit")
    copy_rows(HandlingUnit, ({"region_id": province.pk, "name": f"省直单位{i:03d}"} for i in range(60)))
    unit_ids = ids_after("proposals_handlingunit", before)
    before = max_id("proposals_proposal")
    counts["proposals"] = copy_rows(
        Proposal,
        (
            {
                "session_id": session_id,
                "region_id": rng.choice(counties).pk,
                "kind": "session_suggestion",
                "number": i + 1,
                "deputy_id": rng.choice(deputy_ids),
                "title": "建议",
                "body": "-",
                "category": "economy",
                "status": "closed",
                "submitted_at": (moment := _moment(_day(rng), rng)),
                "created_at": moment,
                "updated_at": moment,
            }
            for i in range(n["proposals"])
        ),
    )
    proposal_ids = ids_after("proposals_proposal", before)
    before = max_id("proposals_reply")
    copy_rows(
        Reply,
        (
            {
                "proposal_id": pid,
                "unit_id": rng.choice(unit_ids),
                "text": "-",
                "submitted_by_id": clerk.pk,
                "classification": "A" if rng.random() < 0.845 else rng.choice("BC"),
                "submitted_at": _moment(_day(rng), rng),
            }
            for pid in proposal_ids
        ),
    )
    reply_ids = ids_after("proposals_reply", before)
    counts["ratings"] = copy_rows(
        Rating,
        (
            {
                "reply_id": rid,
                "work_rating": "satisfied",
                "result_rating": rng.choice(["satisfied", "basic", "unsatisfied"]),
                "rated_by_id": clerk.pk,
                "rated_at": _moment(_day(rng), rng),
            }
            for rid in reply_ids
        ),
    )
    log(f"proposals: {counts['proposals']} with replies and ratings")

    # Posts with 30 days of views each.
    before = max_id("publicity_post")
    counts["posts"] = copy_rows(
        Post,
        (
            {
                "region_id": rng.choice(cities).pk,
                "title": "代表风采",
                "body": "-",
                "theme": "duty",
                "status": "published",
                "published_at": _moment(_day(rng), rng),
                "public_key": f"p{i:09d}",
            }
            for i in range(n["posts"])
        ),
    )
    post_ids = ids_after("publicity_post", before)
    counts["post_views"] = copy_rows(
        PostView,
        (
            {"post_id": pid, "date": first + timedelta(days=d), "views": rng.randrange(50, 5000)}
            for pid in post_ids
            for first in [_day(rng)]
            for d in range(30)
        ),
    )
    log(f"posts: {counts['posts']}")
    # As autovacuum would leave a live database: statistics for the planner
    # and a visibility map, so counts can be answered from indexes alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return counts


def add_one_day(*, seed: int = 7, scale: float = 1.0) -> int:
    """One day's new records at the province's real daily rates (receptions and opinion items)."""
    from liaison_stations.models import OpinionItem, Reception, Station

    rng = random.Random(seed)
    today = date(2026, 11, 1)
    stations = list(Station.objects.values_list("pk", "region_id"))
    rows = copy_rows(
        Reception,
        (
            {"station_id": (s := rng.choice(stations))[0], "region_id": s[1], "date": today, "visitor_count": 3}
            for _ in range(max(1, int(1_600 * scale)))
        ),
    )
    now = datetime.now(TZ)
    rows += copy_rows(
        OpinionItem,
        (
            {
                "region_id": (s := rng.choice(stations))[1],
                "station_id": s[0],
                "title": "新反映",
                "content": "-",
                "category": "urban",
                "status": "registered",
                "tracking_code": f"N{now:%H%M%S}{i:06d}",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(max(1, int(2_250 * scale)))
        ),
    )
    return rows
