"""Remove the names and email addresses of people who answered through a personal link, once
their assessment has been closed for PERSONAL_DETAILS_KEPT_MONTHS. Run it daily (cron, or a
scheduled job beside the task worker); running it twice does nothing more."""

from django.conf import settings
from django.core.management.base import BaseCommand

from assessment.models import Respondent


class Command(BaseCommand):
    help = "Remove personal-link respondents' names and emails a set time after closing."

    def handle(self, *args, **options):
        removed = Respondent.objects.details_due_for_removal().remove_personal_details()
        self.stdout.write(
            f"Removed the names and email addresses of {removed} "
            f"{'person' if removed == 1 else 'people'} whose assessment closed more than "
            f"{settings.PERSONAL_DETAILS_KEPT_MONTHS} months ago."
        )
