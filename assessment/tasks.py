"""Background work, run by `manage.py db_worker` (the immediate backend runs it at once in tests).

A round summary can cover hundreds of organisations, so it is never built inside a request:
the request saves a RoundSummary and queues `build_round_summary`, and the progress page reads
the row this task keeps up to date. The task notes a heartbeat with every part of the PDF, so a
summary whose worker died (its heartbeat grew old) is seen as stalled and marked failed
(`RoundSummary.objects.fail_stalled`, by the pages and by the next task to start).
"""

import logging

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .dashboards import round_assessments
from .models import RoundSummary

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "Something went wrong while building the summary, so it could not be finished. "
    "Please ask for a new one. If it fails again, contact the Coprod team."
)


@task
def build_round_summary(summary_id: int) -> None:
    """Build a round summary PDF of the round's shared assessments, noting progress as it goes.

    Each step only changes the summary if it is still in the state this task left it in, so a
    summary made out of date meanwhile (an organisation stopped sharing) is never filled in, and
    a task that runs twice builds once.
    """
    Status = RoundSummary.Status
    RoundSummary.objects.fail_stalled()
    started = RoundSummary.objects.filter(pk=summary_id, status=Status.QUEUED).update(
        status=Status.RUNNING, organisations_done=0, heartbeat_at=timezone.now()
    )
    if not started:
        return
    summary = RoundSummary.objects.select_related("round").get(pk=summary_id)
    assessments = round_assessments(summary.round)

    def beat(**counts) -> None:
        RoundSummary.objects.filter(pk=summary_id, status=Status.RUNNING).update(
            heartbeat_at=timezone.now(), **counts
        )

    beat(organisations_total=assessments.count())

    def on_progress(done: int, total: int) -> None:
        beat(organisations_done=done, organisations_total=total)

    try:
        from .reports.pdf import round_summary_pdf

        pdf = round_summary_pdf(summary.round, assessments, on_progress=on_progress, on_part=beat)
    except Exception:
        logger.exception("Round summary %s failed", summary_id)
        RoundSummary.objects.filter(pk=summary_id, status=Status.RUNNING).update(
            status=Status.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now()
        )
        return
    RoundSummary.objects.filter(pk=summary_id, status=Status.RUNNING).update(
        status=Status.DONE,
        pdf=pdf,
        organisations_done=F("organisations_total"),
        error="",
        finished_at=timezone.now(),
    )


@task
def send_action_digests() -> int:
    """The weekly email to each member who leads open actions (see digests.py)."""
    from .digests import send_weekly

    return send_weekly()
