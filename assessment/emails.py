"""Every email the service sends: rendered from templates/emails/<kind>.{subject.txt,txt,html}.

`send` is the one place that talks to the mail server, and it never raises: if the server
fails it logs and answers False, so the caller can say so and keep what was just done (an
invitation saved, a link made). Every `send_...` function below answers the same."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def send(kind: str, to: str, context: dict) -> bool:
    """Send one email of `kind` to `to`: True if the mail server took it."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{kind}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{kind}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"emails/{kind}.html", context), "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send an email (%s)", kind)
        return False
    return True


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_email_confirmation(user) -> bool:
    """Ask someone who made an account to confirm that its address is theirs."""
    link = absolute_url(reverse("confirm_email", args=[user.email_confirmation_token()]))
    return send("confirm_email", user.email, {"user": user, "link": link})


def send_invitation(invitation, token: str) -> bool:
    return send(
        "invitation",
        invitation.email,
        {
            "invitation": invitation,
            "link": absolute_url(reverse("open_invitation", args=[token])),
        },
    )


def _respondent_context(respondent, link: str, sender, **extra) -> dict:
    assessment = respondent.assessment
    return {
        "respondent": respondent,
        "assessment": assessment,
        "organisation": assessment.organisation,
        "link": link,
        "sender": sender,
        **extra,
    }


def send_respondent_invitation(respondent, link: str, sender) -> bool:
    context = _respondent_context(respondent, link, sender)
    return send("respondent_invitation", respondent.email_address, context)


def send_respondent_link(respondent, link: str, sender, message: str = "", code: str = "") -> bool:
    context = _respondent_context(respondent, link, sender, message=message, code=code)
    return send("respondent_link", respondent.email_address, context)


def send_respondent_reminder(respondent, link: str, sender, code: str = "") -> bool:
    context = _respondent_context(respondent, link, sender, code=code)
    return send("respondent_reminder", respondent.email_address, context)


def send_response_reopened(respondent, link: str, sender, code: str = "") -> bool:
    context = _respondent_context(respondent, link, sender, code=code)
    return send("response_reopened", respondent.email_address, context)


def _review_context(review, **extra) -> dict:
    assessment = review.assessment
    return {
        "review": review,
        "assessment": assessment,
        "organisation": assessment.organisation,
        **extra,
    }


def send_review_invitation(review, token: str, sender) -> bool:
    """Ask a peer reviewer to review a closed assessment: a single-use link that expires."""
    link = absolute_url(reverse("open_review_invitation", args=[token]))
    return send(
        "review_invitation", review.email, _review_context(review, link=link, sender=sender)
    )


def send_review_submitted(review, to: str) -> bool:
    """Tell one of the organisation's admins that their peer review has arrived."""
    assessment = review.assessment
    link = absolute_url(
        reverse("review_comparison", args=[assessment.organisation_id, assessment.pk, review.pk])
    )
    return send("review_submitted", to, _review_context(review, link=link))


def send_review_declined(review, to: str) -> bool:
    """Tell one of the organisation's admins that the person they asked will not review."""
    assessment = review.assessment
    link = absolute_url(reverse("peer_reviews", args=[assessment.organisation_id, assessment.pk]))
    return send("review_declined", to, _review_context(review, link=link))


def send_to_admins(review, send_email) -> None:
    """`send_email(review, address)` to each admin of the reviewed organisation (a review
    arrived, or was declined). One that fails is logged and the others still go."""
    for address in review.assessment.organisation.admin_emails():
        send_email(review, address)


def send_review_agreed(review, positions: list) -> bool:
    """Ask the reviewer to confirm the positions the organisation recorded as agreed."""
    link = absolute_url(reverse("reviewer_comparison", args=[review.pk]))
    return send(
        "review_agreed",
        review.reviewer.email,
        _review_context(review, link=link, positions=positions),
    )


def send_case_study_decision(study) -> bool:
    """Tell whoever deposited a case study that it was published, or sent back and why."""
    if study.submitted_by is None:  # their account has gone: nobody to tell
        return False
    kind = "case_study_published" if study.is_published else "case_study_sent_back"
    link = absolute_url(reverse("your_case_study", args=[study.pk]))
    return send(kind, study.submitted_by.email, {"study": study, "link": link})
