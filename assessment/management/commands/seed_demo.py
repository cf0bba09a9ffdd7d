"""Demo data for `make run`: the accounts listed in the README, safe to run again and again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessment.models import Membership, Organisation, User

PASSWORD = "coproduce-demo"  # noqa: S105 - published in the README on purpose

ORGANISATIONS = {
    "riverside": {
        "name": "Riverside Community Trust",
        "kind": Organisation.Kind.CHARITY,
        "area": "Riverside",
        "size": Organisation.Size.SMALL,
    },
    "northgate": {
        "name": "Northgate Borough Council",
        "kind": Organisation.Kind.LOCAL_AUTHORITY,
        "area": "Northgate",
        "size": Organisation.Size.LARGE,
    },
    "eastfield": {
        "name": "Eastfield CVS",
        "kind": Organisation.Kind.INFRASTRUCTURE,
        "area": "Eastfield",
        "size": Organisation.Size.MICRO,
    },
}

# email, name, organisation, role, working-group staff
PEOPLE = [
    ("admin@riverside.example", "Rita Okafor", "riverside", Membership.Role.ADMIN, False),
    ("member@riverside.example", "Sam Patel", "riverside", Membership.Role.MEMBER, False),
    ("admin@northgate.example", "Nadia Hughes", "northgate", Membership.Role.ADMIN, False),
    ("reviewer@eastfield.example", "Evan Clarke", "eastfield", Membership.Role.MEMBER, False),
    ("wg@wayahead.example", "Wendy Green", None, None, True),
]


class Command(BaseCommand):
    help = "Create the demo organisations and accounts (password: coproduce-demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a published password, so it only runs with "
                "DEBUG=true. Use --force if you really mean it."
            )
        organisations = {}
        for key, fields in ORGANISATIONS.items():
            organisations[key], _ = Organisation.objects.update_or_create(
                name=fields["name"], defaults=fields
            )
        for email, name, org_key, role, is_staff in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email, defaults={"name": name, "is_staff": is_staff}
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            if org_key:
                Membership.objects.get_or_create(
                    organisation=organisations[org_key], user=user, defaults={"role": role}
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(PEOPLE)} accounts, password {PASSWORD}.")
        )
