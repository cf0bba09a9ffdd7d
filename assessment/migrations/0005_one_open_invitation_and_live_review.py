"""At most one open invitation per organisation and address, and one review not cancelled per
assessment and address. Duplicates made before the constraints (two admins pressing at once)
are cancelled first, keeping the one that matters most."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower
from django.utils import timezone


def _duplicates(rows, group):
    """The rows (already in order of preference) after the first of each group."""
    seen = set()
    for row in rows:
        key = group(row)
        if key in seen:
            yield row.pk
        else:
            seen.add(key)


def cancel_duplicates(apps, schema_editor):
    now = timezone.now()
    Invitation = apps.get_model("assessment", "Invitation")
    invitations = (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .annotate(address=Lower("email"))
        # The one still usable and newest first.
        .order_by(models.F("expires_at").desc(), "-pk")
    )
    Invitation.objects.filter(
        pk__in=list(_duplicates(invitations, lambda i: (i.organisation_id, i.address)))
    ).update(revoked_at=now)

    PeerReview = apps.get_model("assessment", "PeerReview")
    reviews = (
        PeerReview.objects.filter(revoked_at__isnull=True)
        .annotate(address=Lower("email"))
        # A submitted review first, then one being reviewed, then the newest invitation.
        .order_by(
            models.F("submitted_at").desc(nulls_last=True),
            models.F("accepted_at").desc(nulls_last=True),
            models.F("expires_at").desc(),
            "-pk",
        )
    )
    PeerReview.objects.filter(
        pk__in=list(_duplicates(reviews, lambda r: (r.assessment_id, r.address)))
    ).update(revoked_at=now, updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_stored_reports_and_summary_heartbeat"),
    ]

    operations = [
        migrations.RunPython(cancel_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("accepted_at__isnull", True), ("revoked_at__isnull", True)),
                name="one_open_invitation_per_address",
            ),
        ),
        migrations.AddConstraint(
            model_name="peerreview",
            constraint=models.UniqueConstraint(
                models.F("assessment"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("revoked_at__isnull", True)),
                name="one_live_review_per_address",
            ),
        ),
    ]
