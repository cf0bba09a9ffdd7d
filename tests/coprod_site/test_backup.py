"""The backup and restore that docs/deploy.md gives, run on a deployment with the demo data."""

import json
import os
import re
import subprocess

import pytest

from .deployment import PROJECT_ROOT, throwaway_database

COUNTS = (
    "from assessment.models import *\n"
    "from django_tasks_db.models import DBTaskResult\n"
    "import json\n"
    "print(json.dumps({\n"
    "  'assessments': sorted(Assessment.objects.values_list('title', 'closed_at')),\n"
    "  'answers': sorted(Answer.objects.values_list('respondent_id', 'question_id', 'extent',"
    " 'evidence')),\n"
    "  'sections': Section.objects.count(),\n"
    "  'results': PrincipleResult.objects.count(),\n"
    "  'reviews': sorted(PeerReview.objects.values_list('email', 'submitted_at')),\n"
    "  'ratings': PeerRating.objects.count(),\n"
    "  'agreed': AgreedRung.objects.count(),\n"
    "  'users': User.objects.count(),\n"
    "}, default=str))\n"
)


def guide_commands() -> tuple[str, str]:
    """The pg_dump and pg_restore lines from the deploy guide's backup section."""
    guide = (PROJECT_ROOT / "docs" / "deploy.md").read_text()
    section = guide.split("## PostgreSQL and backups", 1)[1].split("\n## ", 1)[0]
    dump = re.search(r"^pg_dump .*$", section, re.M).group(0)
    restore = re.search(r"^pg_restore .*$", section, re.M).group(0)
    return dump, restore


def counts(deployment, database_url: str) -> dict:
    printed = deployment.manage("shell", "-c", COUNTS, DATABASE_URL=database_url).stdout
    return json.loads(printed.strip().splitlines()[-1])


def test_a_backup_restores_every_assessment_answer_and_review(deployment, tmp_path):
    if not deployment.environment["DATABASE_URL"].startswith("postgres"):
        pytest.skip("Backups are of PostgreSQL (CI runs these tests on it)")
    dump, restore = guide_commands()
    assert "--format=custom" in dump
    assert "--no-owner" in restore
    database_url = deployment.environment["DATABASE_URL"]
    before = counts(deployment, database_url)
    backup = tmp_path / "coprod.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={backup}", database_url],
        check=True,
        timeout=120,
        env=os.environ,
    )
    with throwaway_database(tmp_path) as restored_url:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={restored_url}", str(backup)],
            check=True,
            timeout=120,
        )
        after = counts(deployment, restored_url)

    assert before["answers"] and before["reviews"] and before["agreed"]
    assert after == before
