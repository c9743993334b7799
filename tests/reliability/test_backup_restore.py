"""A pg_dump backup restores into a fresh database with every table's row count intact."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup_restore_check.sh"


def test_backup_restores_with_equal_counts(tmp_path):
    call_command("seed_demo", "--quiet-logins")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    connection.close()
    result = subprocess.run(
        [str(SCRIPT), url, str(tmp_path / "portal.dump")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every row count equal" in result.stdout
