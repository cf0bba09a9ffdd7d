"""How many emails the service sends, so that nobody can use it to flood people's inboxes.

Every email someone causes (an invitation, a personal link, a reminder or new link, a peer
review invitation or re-send, a password reset, a link to confirm an address) is counted before
it is sent, and refused with a message saying when to try again once a limit is reached:

- PER_PERSON_PER_MINUTE: 10. Nobody typing names and addresses into a form, or pressing Remind
  down a list, sends more than one email every six seconds; a script does (the fresh account
  that sent 30 emails in 3 seconds). Adding colleagues who are already members is left out:
  one press emails everyone chosen, and they all confirmed their addresses when they joined.
- PER_PERSON_PER_DAY: 200. A busy council officer inviting a whole service's users to answer
  one by one sends a few dozen in a day; adding a large team as colleagues, a hundred or two.
- UNCONFIRMED_PERSON_PER_DAY: 20, until the person has confirmed their own email address:
  enough to set up an organisation and invite its first people, too few for a throwaway
  account with an address that is not its own.
- PER_ORGANISATION_PER_DAY: 500. Two or three admins doing all that on the same day.
- PER_ADDRESS_PER_DAY: 5 emails to one address caused by other people (invitations, links,
  reminders). One person is rarely invited, reminded and sent a new link more than twice in a
  day; nobody is sent twenty reminders.
- ACCOUNT_EMAILS_PER_ADDRESS_PER_DAY: 5 password resets and confirmation links for one address
  (counted whether or not it has an account, so the limit reveals nothing).
- ACCOUNT_EMAILS_PER_NETWORK_PER_DAY: 100 of those from one client address (sign-ups,
  resets): a whole team signing up at a training session in one office, behind one address,
  but not a script spraying resets or sign-ups at strangers' addresses. (Behind a reverse
  proxy this needs TRUSTED_PROXY_COUNT, or everyone shares the proxy's address.)

Day limits end at midnight (London time), minute limits on the minute. Counts are rows of
EmailCount in the database, shared by every server and taken with conditional UPDATEs, so two
requests at the same moment cannot both take the last one.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import dateformat, timezone
from django.utils.crypto import salted_hmac

from .auth import client_address
from .models.sending import EmailCount

PER_PERSON_PER_MINUTE = 10
PER_PERSON_PER_DAY = 200
UNCONFIRMED_PERSON_PER_DAY = 20
PER_ORGANISATION_PER_DAY = 500
PER_ADDRESS_PER_DAY = 5
ACCOUNT_EMAILS_PER_ADDRESS_PER_DAY = 5
ACCOUNT_EMAILS_PER_NETWORK_PER_DAY = 100


class LimitReached(Exception):
    """A limit stops this email: `message` says which and when to try again."""

    def __init__(self, message: str, retry_at: datetime):
        super().__init__(message)
        self.message = message
        self.retry_at = retry_at


@dataclass
class Allowance:
    """Emails counted by take(); give_back() if they were not sent after all."""

    counts: list = field(default_factory=list)

    def give_back(self) -> None:
        EmailCount.objects.give_back(self.counts)
        self.counts = []


def _hashed(value: str) -> str:
    """Counters name addresses only by a keyed hash: the table is not a list of who was
    emailed, nor can a guessed address be checked against it."""
    return salted_hmac(
        "coprod.email-limits", value.strip().lower(), algorithm="sha256"
    ).hexdigest()[:40]


def _end_of_day(now: datetime) -> datetime:
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def _end_of_minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def take(
    request,
    *,
    recipients: list[str],
    organisation=None,
    account: bool = False,
    bulk: bool = False,
) -> Allowance:
    """Count emails to `recipients` caused by this request, or raise LimitReached having
    counted none. `account` is for emails about the person's own account (password reset,
    confirming their address); `bulk` for one press that emails several colleagues."""
    now = timezone.now()
    day, minute = _end_of_day(now), _end_of_minute(now)
    n = len(recipients)
    counts, messages = [], {}

    def count(key, ends, number, limit, message):
        counts.append((key, ends, number, limit))
        messages[key] = message

    if account:
        for address in recipients:
            count(
                f"account-to:{_hashed(address)}",
                day,
                1,
                ACCOUNT_EMAILS_PER_ADDRESS_PER_DAY,
                f"There have already been {ACCOUNT_EMAILS_PER_ADDRESS_PER_DAY} requests to "
                f"email {address.strip().lower()} today, the most we allow in a day.",
            )
        count(
            f"account-from:{_hashed(client_address(request))}",
            day,
            n,
            ACCOUNT_EMAILS_PER_NETWORK_PER_DAY,
            f"There have been {ACCOUNT_EMAILS_PER_NETWORK_PER_DAY} requests like this from "
            "your network today, the most we allow in a day.",
        )
    else:
        for address in recipients:
            count(
                f"to:{_hashed(address)}",
                day,
                1,
                PER_ADDRESS_PER_DAY,
                f"We have already emailed {address.strip().lower()} {PER_ADDRESS_PER_DAY} times "
                "today, the most we send to one address in a day.",
            )
    if request.user.is_authenticated:
        person = f"person:{request.user.pk}"
        if request.user.has_confirmed_email:
            limit, why = PER_PERSON_PER_DAY, "one person can send in a day"
        else:
            limit, why = (
                UNCONFIRMED_PERSON_PER_DAY,
                "you can send in a day until you confirm your own email address (open the "
                "link we emailed you when you made your account)",
            )
        count(f"{person}:day", day, n, limit, _over(n, limit, "You have", "you", why))
        if not bulk:
            count(
                f"{person}:minute",
                minute,
                n,
                PER_PERSON_PER_MINUTE,
                f"You have sent {PER_PERSON_PER_MINUTE} emails in the last minute, the most one "
                "person can send so quickly.",
            )
    if organisation is not None:
        name = organisation.name
        count(
            f"organisation:{organisation.pk}",
            day,
            n,
            PER_ORGANISATION_PER_DAY,
            _over(
                n,
                PER_ORGANISATION_PER_DAY,
                f"{name} has",
                name,
                "one organisation can send in a day",
            ),
        )
    EmailCount.objects.filter(window_ends_at__lte=now).delete()
    full = EmailCount.objects.take(counts)
    if full is not None:
        key, ends, _n, _limit = full
        raise LimitReached(f"{messages[key]} Nothing was sent. {_try_again(ends)}", ends)
    return Allowance(counts)


def _over(n: int, limit: int, who_has: str, whom: str, why: str) -> str:
    """Why `n` more emails would be over a day's `limit`."""
    if n == 1:
        return f"{who_has} sent {limit} emails today, the most {why}."
    return f"These {n} emails would take {whom} over the {limit} {why}."


def _try_again(at: datetime) -> str:
    local = timezone.localtime(at)
    if local.date() == timezone.localdate():
        return f"You can try again from {dateformat.format(local, 'H:i')}."
    return f"You can try again from {dateformat.format(local, 'H:i \\o\\n l j F')}."
