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
