"""Keeping a closed assessment's report PDF (issue 9, "PDFs" under "Fast under load"):
StoredReport (assessment/models/reports.py), reports/pdf.kept_assessment_report and render_slot,
and the download views (views/report_download.py, used by results_pdf and shared_report_pdf).

A report is laid out once and kept under a fingerprint of the rows it shows; any change to them
makes the next download lay it out again. To keep each test to one layout (a second or two), a
test of a change first keeps a stand-in PDF under the current fingerprint: if the change did not
change the fingerprint, the download would hand back the stand-in.
"""

import time
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import AgreedRung, Assessment, StoredReport
from assessment.reports import pdf

from .helpers import headings, main_content
from .pdf_helpers import agree, pdf_text, submitted_review
from .review_helpers import *  # noqa: F403 - the shared fixtures (closed, reviewer, clients)
from .review_helpers import PEER_RUNGS
from .working_group_helpers import *  # noqa: F403 - the working group's fixtures (wg_client)

STAND_IN = b"%PDF-1.7 a report kept under the fingerprint of that moment"
FIRST, GOLD = "people-as-assets", "peer-support-networks"
NOTE = "We settled on engagement for now"


def pdf_url(assessment) -> str:
    return reverse("results_pdf", args=[assessment.organisation_id, assessment.pk])


def keep_stand_in(assessment) -> StoredReport:
    """A kept report for the assessment as it is now (the fingerprint the download would take)."""
    assessment.refresh_from_db()
    stored, _ = StoredReport.objects.update_or_create(
        assessment=assessment,
        defaults={
            "fingerprint": StoredReport.fingerprint_of(assessment, pdf.report_layout()),
            "pdf": STAND_IN,
            "built_at": timezone.now(),
        },
    )
    return stored


# Kept, and shared by both downloads -------------------------------------------------------


def test_an_unchanged_report_is_laid_out_once_and_kept_for_every_download(
    closed, admin_client, member_client
):
    first = admin_client.get(pdf_url(closed))
    stored = StoredReport.objects.get(assessment=closed)

    again = member_client.get(pdf_url(closed))

    assert first.status_code == again.status_code == 200
    assert first.content.startswith(b"%PDF-")
    assert again.content == first.content == bytes(stored.pdf)
    kept = StoredReport.objects.get(assessment=closed)
    assert (kept.pk, kept.built_at, kept.fingerprint) == (
        stored.pk,
        stored.built_at,
        stored.fingerprint,
    )


def test_the_working_group_gets_the_report_the_members_download(closed, member_client, wg_client):
    closed.set_sharing(True, None)
    members = member_client.get(pdf_url(closed))
    built_at = StoredReport.objects.get(assessment=closed).built_at

    theirs = wg_client.get(
        reverse("working_group_report_pdf", args=[closed.organisation_id, closed.pk])
    )

    assert theirs.status_code == 200
    assert theirs.content == members.content
    assert StoredReport.objects.get(assessment=closed).built_at == built_at


def test_a_kept_report_is_what_the_download_sends(closed, member_client):
    keep_stand_in(closed)

    response = member_client.get(pdf_url(closed))

    assert response.status_code == 200
    assert response.content == STAND_IN
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


# Every change it shows makes it be laid out again ------------------------------------------


def _draft_review(closed, admin, reviewer):
    return submitted_review(closed, admin, reviewer, PEER_RUNGS, {}, submit=False)


def _review(closed, admin, reviewer):
    return submitted_review(closed, admin, reviewer, PEER_RUNGS, {}, strengths="A warm welcome")


def _agreed(closed, admin, reviewer):
    review = _review(closed, admin, reviewer)
    agree(review, admin, {FIRST: (5, NOTE), GOLD: (7, "")})
    return review


def _agreed_gold(closed) -> AgreedRung:
    return AgreedRung.objects.get(assessment=closed, principle__slug=GOLD)


def _rename_organisation(closed):
    organisation = closed.organisation
    organisation.name = "Riverside Community Trust (renamed)"
    organisation.save()


def _retitle(closed):
    closed.refresh_from_db()
    closed.title = "Autumn 2026, second look"
    closed.save()


def _correct_closing_date(closed):
    closed.refresh_from_db()
    closed.closed_at = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    closed.save(update_fields=["closed_at"])


CHANGES = {
    "a peer review is submitted": (
        _draft_review,
        lambda closed, review, admin: review.submit(),
        "Peer review 1 submitted review",
    ),
    "rungs are agreed": (
        _review,
        lambda closed, review, admin: agree(review, admin, {FIRST: (5, NOTE)}),
        f"Agreed rung: 5. Engagement. {NOTE}",
    ),
    "the reviewer confirms an agreed rung": (
        _agreed,
        lambda closed, review, admin: _agreed_gold(closed).confirm(
            seen_at=_agreed_gold(closed).recorded_at
        ),
        "Gold standard, peer-confirmed",
    ),
    "the reviewer has a reservation": (
        _agreed,
        lambda closed, review, admin: _agreed_gold(closed).dissent(
            "Buddies need more say", seen_at=_agreed_gold(closed).recorded_at
        ),
        "The reviewer's reservation: Buddies need more say",
    ),
    "the organisation is renamed": (
        lambda closed, admin, reviewer: None,
        lambda closed, review, admin: _rename_organisation(closed),
        "Riverside Community Trust (renamed)",
    ),
    "the assessment is retitled": (
        lambda closed, admin, reviewer: None,
        lambda closed, review, admin: _retitle(closed),
        "Autumn 2026, second look",
    ),
    "the closing date is corrected": (
        lambda closed, admin, reviewer: None,
        lambda closed, review, admin: _correct_closing_date(closed),
        "Closed 2 March 2026",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_next_download_shows_a_change_to_what_the_report_shows(
    change, closed, admin, reviewer, reviewer_organisation, member_client
):
    before, make_change, shown = CHANGES[change]
    review = before(closed, admin, reviewer)
    stale = keep_stand_in(closed)

    make_change(closed, review, admin)
    response = member_client.get(pdf_url(closed))

    assert response.status_code == 200
    assert response.content != STAND_IN
    assert shown in pdf_text(response.content)
    kept = StoredReport.objects.get(assessment=closed)  # the stale one replaced, not added to
    assert kept.pk == stale.pk and kept.fingerprint != stale.fingerprint
    assert bytes(kept.pdf) == response.content


def test_sharing_with_the_working_group_or_stopping_makes_a_new_fingerprint(closed):
    fingerprints = [StoredReport.fingerprint_of(closed)]
    for share in (True, False):
        closed.set_sharing(share, None)
        fingerprints.append(StoredReport.fingerprint_of(closed))

    assert len(set(fingerprints)) == 3


def test_the_framework_version_and_the_layout_are_part_of_the_fingerprint(closed, framework):
    """A published framework version never changes, so its id stands for its wording."""
    draft = framework.new_draft("2099.1")
    fingerprint = StoredReport.fingerprint_of(closed)
    touched = Assessment.objects.get(pk=closed.pk).updated_at
    Assessment.objects.filter(pk=closed.pk).update(framework=draft, updated_at=touched)

    assert StoredReport.fingerprint_of(closed) != fingerprint
    assert StoredReport.fingerprint_of(closed, "another layout") != StoredReport.fingerprint_of(
        closed
    )


def test_what_the_report_does_not_show_leaves_the_fingerprint_alone(closed, admin, reviewer):
    """An invitation, or a draft review, is not in the report; nor is another assessment."""
    fingerprint = StoredReport.fingerprint_of(closed)

    _draft_review(closed, admin, reviewer)
    Assessment.objects.create(
        organisation=closed.organisation, framework=closed.framework, title="Next year"
    )

    assert StoredReport.fingerprint_of(closed) == fingerprint


def test_the_fingerprint_takes_one_query(closed, admin, reviewer, django_assert_num_queries):
    _agreed(closed, admin, reviewer)

    with django_assert_num_queries(1):
        StoredReport.fingerprint_of(closed)


# Few reports laid out at once -------------------------------------------------------------


def test_with_every_render_slot_taken_the_person_is_told_their_report_is_being_prepared(
    closed, member_client, settings
):
    settings.PDF_RENDER_SLOTS = 1
    url = pdf_url(closed)

    with pdf.render_slot("another-report"):
        response = member_client.get(url)

    assert response.status_code == 202
    assert response["Retry-After"] == "3"
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    assert headings(response) == ["Your report is being prepared"]
    page = main_content(response)
    assert f'href="{url}"' in page
    assert "try downloading the report again" in page
    assert '<script type="module" src="/static/js/report-download.mjs"></script>' in page
    assert not StoredReport.objects.exists()

    # The script asks again with HEAD once the slot is free: that lays the report out and keeps
    # it, and the download it then starts gets the kept one.
    assert member_client.head(url).status_code == 200
    kept = StoredReport.objects.get(assessment=closed)
    response = member_client.get(url)
    assert response.status_code == 200
    assert response.content == bytes(kept.pdf)


def test_a_kept_report_is_sent_even_when_every_slot_is_taken(closed, member_client, settings):
    settings.PDF_RENDER_SLOTS = 1
    keep_stand_in(closed)

    with pdf.render_slot("another-report"):
        response = member_client.get(pdf_url(closed))

    assert response.status_code == 200
    assert response.content == STAND_IN


def test_the_working_group_is_told_too(closed, wg_client, settings):
    closed.set_sharing(True, None)
    settings.PDF_RENDER_SLOTS = 1

    with pdf.render_slot("another-report"):
        response = wg_client.get(
            reverse("working_group_report_pdf", args=[closed.organisation_id, closed.pk])
        )

    assert response.status_code == 202
    assert headings(response) == ["Your report is being prepared"]


def can_take(name: str) -> bool:
    try:
        with pdf.render_slot(name):
            return True
    except pdf.ReportBusy:
        return False


def test_render_slots_limit_how_many_are_laid_out_at_once_and_each_thing_once(settings):
    settings.PDF_RENDER_SLOTS = 2

    with pdf.render_slot("one"):
        assert not can_take("one")  # the same report: someone is laying it out already
        with pdf.render_slot("two"):
            assert not can_take("three")  # both slots are taken
        assert can_take("three")  # "two" gave its slot back
    assert can_take("one")


def test_a_slot_is_given_back_when_laying_out_fails(settings):
    settings.PDF_RENDER_SLOTS = 1

    with pytest.raises(ValueError), pdf.render_slot("one"):
        raise ValueError("WeasyPrint could not lay it out")

    assert can_take("one")
    assert can_take("two")


def test_a_slot_held_by_a_process_that_died_frees_itself(settings, monkeypatch):
    settings.PDF_RENDER_SLOTS = 1
    monkeypatch.setattr(pdf, "SLOT_SECONDS", 1)
    crashed = pdf.render_slot("crashed")
    crashed.__enter__()  # and its process died: nothing gives the slot back

    assert not can_take("next")
    time.sleep(2.1)  # the database cache keeps expiry times in whole seconds
    assert can_take("next")
    assert crashed  # not collected (which would give the slot back) until here
