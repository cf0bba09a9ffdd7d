"""When the database fails in the middle of saving a section: nothing half-saved, a clear
message, and everything the person typed still on screen.

The failure is real: a PostgreSQL trigger refuses to write answers, as a full disk or a lost
connection would, after the section row has been written in the same transaction.
"""

import pytest
from django.db import connection

from assessment.models import Answer, Section

from .answering_helpers import *  # noqa: F403 - the shared fixtures
from .answering_helpers import FIRST, Urls, form_of, section_data, text_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fault is a PostgreSQL trigger (CI runs on it)"
)


@pytest.fixture
def answers_cannot_be_written(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_write() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'could not write: no space left on device'; END $$ "
            "LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_answers BEFORE INSERT OR UPDATE ON assessment_answer "
            "FOR EACH ROW EXECUTE FUNCTION refuse_write()"
        )


def test_a_failed_save_leaves_nothing_half_saved_and_keeps_what_was_typed(
    colleague_client, respondent, assessment, answers_cannot_be_written
):
    typed = section_data(FIRST, evidence="We pay people for their time", rung=6)

    response = colleague_client.post(Urls(assessment).section(FIRST), typed)

    assert response.status_code == 503
    assert "We could not save your answers just now." in text_of(response)
    form = form_of(response)
    assert form.values["nef-1-evidence"] == "We pay people for their time"
    assert form.checked["rung"] == "6"
    assert not Section.objects.filter(respondent=respondent).exists()
    assert not Answer.objects.filter(respondent=respondent).exists()


def test_a_failed_autosave_says_so_and_the_page_will_try_again(
    colleague_client, respondent, assessment, answers_cannot_be_written
):
    response = colleague_client.post(
        Urls(assessment).section(FIRST), section_data(FIRST), headers={"X-Autosave": "1"}
    )

    assert response.status_code == 503
    assert response.json() == {"status": "error"}
    assert not Section.objects.filter(respondent=respondent).exists()
