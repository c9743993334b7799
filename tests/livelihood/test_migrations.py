"""The move out of proposals keeps every livelihood row, link and permission (livelihood 0001, proposals 0004)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from livelihood.models import Ballot, LivelihoodCall, LivelihoodProposal, ProjectProgress, VoteSession, VoteTally
from tests.factories import staff
from tests.proposals.factories import CongressFactory, deputy_user, mandate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("proposals", "0003_statistics_indexes")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_rows(old_apps, *, congress, deputy, office):
    """Rows of a database from before the move, written through the historical proposals models."""
    model = lambda name: old_apps.get_model("proposals", name)  # noqa: E731
    call = model("LivelihoodCall").objects.create(
        congress_id=congress.pk, year=2026, title="2026年民生实事项目征集", status="closed"
    )
    passed = model("LivelihoodCandidate").objects.create(call=call, title="加装电梯", description="x", elected=True)
    failed = model("LivelihoodCandidate").objects.create(call=call, title="老年食堂", description="y", order=2)
    model("LivelihoodProposal").objects.create(
        call=call, deputy_id=deputy.pk, title="老旧小区加装电梯", description="理由", candidate=passed
    )
    vote = model("VoteSession").objects.create(call=call, places=1, status="published", ballots_cast=1)
    model("Ballot").objects.create(vote=vote, deputy_id=deputy.pk)
    model("VoteTally").objects.create(vote=vote, candidate=passed, for_count=1)
    model("VoteTally").objects.create(vote=vote, candidate=failed, against_count=1)
    model("ProjectProgress").objects.create(
        candidate=passed, reported_on=dt.date(2026, 6, 30), percent=40, content="已开工", reported_by_id=office.pk
    )
    return call.pk


def test_the_move_keeps_rows_links_constraints_and_permissions():
    congress = CongressFactory()
    voter = deputy_user(congress)
    deputy = mandate(voter)
    office = staff("330000", username="office")
    content_type = ContentType.objects.get_for_model(LivelihoodCall)
    permission = Permission.objects.get(content_type=content_type, codename="view_livelihoodcall")
    old_apps = _migrate(BEFORE)
    try:
        assert "proposals_livelihoodcall" in connection.introspection.table_names()
        # Before the move the content types (and the permissions on them) belonged to proposals.
        content_type.refresh_from_db()
        assert content_type.app_label == "proposals"
        call_pk = _old_rows(old_apps, congress=congress, deputy=deputy, office=office)
    finally:
        _migrate(_latest())
    ContentType.objects.clear_cache()

    tables = connection.introspection.table_names()
    assert "livelihood_livelihoodcall" in tables and "proposals_livelihoodcall" not in tables
    call = LivelihoodCall.objects.get(pk=call_pk)
    assert (call.congress, call.year, call.status) == (congress, 2026, "closed")
    assert LivelihoodCall.objects.visible_to(voter).get() == call  # a deputy of the congress still sees it
    passed, failed = call.candidates.all()
    assert (passed.title, passed.elected, failed.elected) == ("加装电梯", True, False)
    assert LivelihoodProposal.objects.get().candidate == passed
    assert LivelihoodProposal.objects.visible_to(voter).get().deputy == deputy
    vote = VoteSession.objects.get(call=call)
    assert (vote.status, vote.ballots_cast, vote.ballots.get().deputy) == ("published", 1, deputy)
    assert [(t.candidate, t.for_count, t.against_count) for t in VoteTally.objects.all()] == [
        (passed, 1, 0),
        (failed, 0, 1),
    ]
    assert ProjectProgress.objects.get().reported_by == office
    assert deputy.ballots.get().vote == vote and congress.livelihood_calls.get() == call
    # The content type moved with its permission instead of a new one being created.
    assert ContentType.objects.get_for_model(LivelihoodCall) == content_type
    assert Permission.objects.get(codename="view_livelihoodcall") == permission
    assert not ContentType.objects.filter(app_label="proposals", model="livelihoodcall").exists()
    # The one-ballot-per-deputy invariant survived the rename.
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, deputy=deputy)
