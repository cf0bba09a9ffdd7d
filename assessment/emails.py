"""Every email the service sends: rendered from templates/emails/<kind>.{subject.txt,txt,html}."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def delivered(send_email, *args, **kwargs) -> bool:
    """Send one email with `send_email`; if the mail server fails, log it and return False, so
    the view can say so and keep what was just done (an invitation saved, a link made)."""
    try:
        send_email(*args, **kwargs)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send an email (%s)", send_email.__name__)
        return False
    return True


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


def send_email_confirmation(user) -> None:
    """Ask someone who made an account to confirm that its address is theirs."""
    from django.urls import reverse

    link = absolute_url(reverse("confirm_email", args=[user.email_confirmation_token()]))
    send("confirm_email", user.email, {"user": user, "link": link})


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


def send_respondent_link(respondent, link: str, sender, message: str = "", code: str = "") -> None:
    _send_to_respondent("respondent_link", respondent, link, sender, message=message, code=code)


def send_respondent_reminder(respondent, link: str, sender, code: str = "") -> None:
    _send_to_respondent("respondent_reminder", respondent, link, sender, code=code)


def send_response_reopened(respondent, link: str, sender, code: str = "") -> None:
    _send_to_respondent("response_reopened", respondent, link, sender, code=code)


def _review_context(review, **extra) -> dict:
    assessment = review.assessment
    return {
        "review": review,
        "assessment": assessment,
        "organisation": assessment.organisation,
        **extra,
    }


def send_review_invitation(review, token: str, sender) -> None:
    """Ask a peer reviewer to review a closed assessment: a single-use link that expires."""
    from django.urls import reverse

    link = absolute_url(reverse("open_review_invitation", args=[token]))
    send("review_invitation", review.email, _review_context(review, link=link, sender=sender))


def send_review_submitted(review, to: str) -> None:
    """Tell one of the organisation's admins that their peer review has arrived."""
    from django.urls import reverse

    assessment = review.assessment
    link = absolute_url(
        reverse("review_comparison", args=[assessment.organisation_id, assessment.pk, review.pk])
    )
    send("review_submitted", to, _review_context(review, link=link))


def send_review_declined(review, to: str) -> None:
    """Tell one of the organisation's admins that the person they asked will not review."""
    from django.urls import reverse

    assessment = review.assessment
    link = absolute_url(reverse("peer_reviews", args=[assessment.organisation_id, assessment.pk]))
    send("review_declined", to, _review_context(review, link=link))


def send_review_agreed(review, positions: list) -> None:
    """Ask the reviewer to confirm the positions the organisation recorded as agreed."""
    from django.urls import reverse

    link = absolute_url(reverse("reviewer_comparison", args=[review.pk]))
    send(
        "review_agreed",
        review.reviewer.email,
        _review_context(review, link=link, positions=positions),
    )


def send_case_study_decision(study) -> None:
    """Tell whoever deposited a case study that it was published, or sent back and why."""
    from django.urls import reverse

    if study.submitted_by is None:  # their account has gone: nobody to tell
        return
    kind = "case_study_published" if study.is_published else "case_study_sent_back"
    link = absolute_url(reverse("your_case_study", args=[study.pk]))
    send(kind, study.submitted_by.email, {"study": study, "link": link})
