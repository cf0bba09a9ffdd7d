"""The weekly email to each member who leads open actions: what they are, which are overdue.

Sent by the task worker (`send_action_digests`, queued by the `send_action_digests` command,
run weekly). Only people who are members of the organisation whose plan it is, whose account
is active and who have not turned it off (the account page) get one; someone named by text has
no account and is never emailed.

Not counted by `email_limits`: nobody causes these emails (they are the service's own, like a
scheduled report), and each person gets at most one every DIGEST_EVERY, whoever runs the
command and however often, because sending first claims the person with a conditional UPDATE of
`action_digest_sent_at`, given back if the email could not be sent.
"""

import logging
from datetime import timedelta
from itertools import groupby

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import emails
from .models import Action, User

logger = logging.getLogger(__name__)

# A week, less a little, so a scheduler that runs a few minutes early still sends.
DIGEST_EVERY = timedelta(days=6, hours=12)


def open_actions_by_owner():
    """(owner, their open actions in their organisations' plans), owner by owner."""
    actions = (
        Action.objects.still_open()
        .owned_by_members()
        .filter(owner__action_digest=True)
        .select_related("owner", "organisation", "principle")
        .order_by("owner_id", "organisation__name", "due_date", "pk")
    )
    for _owner_id, theirs in groupby(actions.iterator(), key=lambda a: a.owner_id):
        theirs = list(theirs)
        yield theirs[0].owner, theirs


def _claim(user: User, now) -> bool:
    """Note that `user` is sent this week's email, unless someone already did."""
    due = Q(action_digest_sent_at__isnull=True) | Q(action_digest_sent_at__lte=now - DIGEST_EVERY)
    return User.objects.filter(due, pk=user.pk).update(action_digest_sent_at=now) == 1


def send_weekly() -> int:
    """Email everyone due a digest; the number sent."""
    now = timezone.now()
    today = timezone.localdate()
    sent = 0
    for owner, actions in open_actions_by_owner():
        previous = owner.action_digest_sent_at
        if not _claim(owner, now):
            continue
        if send_action_digest(owner, actions, today):
            sent += 1
        else:  # give the week back, so the next run tries again
            User.objects.filter(pk=owner.pk, action_digest_sent_at=now).update(
                action_digest_sent_at=previous
            )
    return sent


def send_action_digest(owner: User, actions: list[Action], today) -> bool:
    organisations = []
    for organisation, theirs in groupby(actions, key=lambda a: a.organisation):
        theirs = list(theirs)
        organisations.append(
            {
                "organisation": organisation,
                "actions": theirs,
                "link": emails.absolute_url(reverse("action_plan", args=[organisation.pk])),
            }
        )
    overdue = sum(1 for a in actions if a.due_date and a.due_date < today)
    return emails.send(
        "action_digest",
        owner.email,
        {
            "owner": owner,
            "organisations": organisations,
            "count": len(actions),
            "overdue": overdue,
            "today": today,
            "settings_link": emails.absolute_url(reverse("digest_setting")),
        },
    )
