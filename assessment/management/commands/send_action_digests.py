"""Queue this week's emails to members who lead open actions, for the task worker to send. Run
it weekly (cron, or a scheduled job beside the task worker); running it again the same week
sends nobody a second email."""

from django.core.management.base import BaseCommand

from assessment.tasks import send_action_digests


class Command(BaseCommand):
    help = "Queue the weekly emails about open actions for the task worker."

    def handle(self, *args, **options):
        result = send_action_digests.enqueue()
        self.stdout.write(f"Queued the weekly emails about open actions (task {result.id}).")
