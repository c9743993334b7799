# Livelihood projects moved to their own app (livelihood/migrations/0001_initial.py).
#
# Only Django's model state changes here: the tables and their rows stay, and
# the livelihood app takes them over, then renames them to its own prefix.

from django.db import migrations

# Rows pointing at another of these models go first, so no state ever dangles.
MOVED = ['ProjectProgress', 'VoteTally', 'Ballot', 'VoteSession', 'LivelihoodProposal', 'LivelihoodCandidate', 'LivelihoodCall']


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0003_statistics_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
