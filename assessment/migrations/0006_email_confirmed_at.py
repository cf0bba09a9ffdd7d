"""Accounts confirm their email address before accepting what was sent to it. Accounts made
before this were trusted as they are, so they count as confirmed."""

from django.db import migrations, models
from django.db.models import F


def confirm_existing_accounts(apps, schema_editor):
    User = apps.get_model("assessment", "User")
    User.objects.filter(email_confirmed_at__isnull=True).update(email_confirmed_at=F("date_joined"))


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0005_one_open_invitation_and_live_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='email_confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='email address confirmed'),
        ),
        migrations.RunPython(confirm_existing_accounts, migrations.RunPython.noop),
    ]
