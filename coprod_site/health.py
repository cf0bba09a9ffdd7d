"""`GET /health/`: can this server do its work? For load balancers and monitoring.

It answers from fixed words and counts only: no secrets, no session, nothing from the request.
503 when the database cannot be reached, since no page works without it. The task queue is
reported but never fails the check: a server whose workers lag can still serve every page.
"""

from datetime import timedelta

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

# A task left waiting longer than this suggests that no worker is running.
TASKS_DELAYED_AFTER = timedelta(minutes=10)


@require_safe
@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        tasks = task_queue()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "tasks": tasks})


def task_queue() -> dict:
    """How many background tasks wait and run, and how long the oldest has waited."""
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = (timezone.now() - oldest) if oldest else timedelta(0)
    return {
        "status": "delayed" if waited > TASKS_DELAYED_AFTER else "ok",
        "waiting": waiting.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_waiting_seconds": int(waited.total_seconds()),
    }
