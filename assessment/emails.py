"""Every email the service sends: rendered from templates/emails/<kind>.{subject.txt,txt,html}."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send(kind: str, to: str, context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{kind}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{kind}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{kind}.html", context), "text/html")
    message.send()


def send_invitation(invitation, token: str) -> None:
    from django.urls import reverse

    send(
        "invitation",
        invitation.email,
        {
            "invitation": invitation,
            "link": absolute_url(reverse("open_invitation", args=[token])),
        },
    )


def _send_to_respondent(kind: str, respondent, link: str, sender, **extra) -> None:
    """Email someone who answers an assessment: a colleague at their account's address,
    anyone else at the address the admin gave."""
    to = respondent.user.email if respondent.user_id else respondent.email
    assessment = respondent.assessment
    context = {
        "respondent": respondent,
        "assessment": assessment,
        "organisation": assessment.organisation,
        "link": link,
        "sender": sender,
        **extra,
    }
    send(kind, to, context)


def send_respondent_invitation(respondent, link: str, sender) -> None:
    _send_to_respondent("respondent_invitation", respondent, link, sender)


def send_respondent_link(respondent, link: str, sender, message: str = "") -> None:
    _send_to_respondent("respondent_link", respondent, link, sender, message=message)


def send_respondent_reminder(respondent, link: str, sender) -> None:
    _send_to_respondent("respondent_reminder", respondent, link, sender)


def send_response_reopened(respondent, link: str, sender) -> None:
    _send_to_respondent("response_reopened", respondent, link, sender)
