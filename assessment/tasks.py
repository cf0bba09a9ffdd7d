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
from .models import Round, RoundSummary

logger = logging.getLogger(__name__)

NOT_QUEUED_MESSAGE = "We could not start building the summary. Please try again in a few minutes."
FAILED_MESSAGE = (
    "Something went wrong while building the summary, so it could not be finished. "
    "Please ask for a new one. If it fails again, contact the Coprod team."
)


def request_round_summary(round: Round, *, by) -> RoundSummary | None:
    """Ask for a summary PDF of `round`, built in the background by `build_round_summary`.

    A second press, or a second person, gets the summary already on its way. None when no
    organisation has shared its results in the round, so there is nothing to summarise. A
    summary whose task could not be queued is marked failed at once, so it can be asked for
    again. (Here rather than on RoundSummary: models cannot import the task.)
    """
    latest = round.summaries.defer("pdf").first()
    if latest and latest.status in (RoundSummary.Status.QUEUED, RoundSummary.Status.RUNNING):
        return latest
    total = round_assessments(round).count()
    if not total:
        return None
    summary = RoundSummary.objects.create(round=round, requested_by=by, organisations_total=total)
    try:
        build_round_summary.enqueue(summary.pk)
    except Exception:
        logger.exception("Could not queue round summary %s", summary.pk)
        RoundSummary.objects.filter(pk=summary.pk).exclude(status=RoundSummary.Status.DONE).update(
            status=RoundSummary.Status.FAILED, error=NOT_QUEUED_MESSAGE
        )
    return summary


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
