"""Starting an assessment, inviting the people who answer it, and closing it (admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from .. import email_limits, emails
from ..access import get_assessment_for_member, get_membership
from ..forms.assessments import AddColleaguesForm, AssessmentForm, LinkRespondentForm
from ..forms.closing import ClosingMessageForm
from ..forms.working_group import SharingForm
from ..models import Action, User
from ..models.assessments import AssessmentError
from ..reports.csv import download_name
from ..reports.pdf import render_pdf
from ..reports.qr import qr_svg
from ..tokens import hash_token, short_code, shown_code


@login_required
def assessment_create(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.organisation = organisation
        try:
            assessment.start(request.user)
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{assessment.title} has started and you are down to answer it. "
                "Now add the other people who will answer.",
            )
            return redirect(assessment)
    return render(
        request, "assessment/assessment_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def assessment_detail(request, org, pk):
    membership, assessment = get_assessment_for_member(request, org, pk)
    context = {
        "membership": membership,
        "organisation": assessment.organisation,
        "assessment": assessment,
    }
    if membership.is_admin:
        # One query however many people answer: everything shown is on the respondent row.
        respondents = list(assessment.respondents.all())
        is_respondent = any(r.user_id == request.user.pk for r in respondents)
        context.update(respondents=respondents, counts=_counts(respondents))
    else:
        is_respondent = assessment.respondents.filter(user=request.user).exists()
    if is_respondent:
        context["answers_url"] = reverse("colleague:task_list", kwargs={"org": org, "pk": pk})
    if not assessment.is_open:
        context["results_url"] = reverse("results", args=[org, pk])
    context["earlier_actions"] = Action.objects.to_follow_up_in(assessment).count()
    return render(request, "assessment/assessment_detail.html", context)


def _counts(respondents) -> dict[str, int]:
    """How far people have got, as a funnel: everyone invited, those who started, those done.
    Cancelled links are counted on their own."""
    active = [r for r in respondents if r.revoked_at is None]
    return {
        "invited": len(active),
        "started": sum(1 for r in active if r.started_at or r.submitted_at),
        "submitted": sum(1 for r in active if r.submitted_at),
        "cancelled": len(respondents) - len(active),
    }


@login_required
def add_colleagues(request, org, pk):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    if not assessment.is_open:
        messages.info(request, "This assessment is closed, so nobody new can answer it.")
        return redirect(assessment)
    candidates = list(
        User.objects.filter(memberships__organisation=assessment.organisation, is_active=True)
        .exclude(responses__assessment=assessment)
        .order_by("name", "email")
    )
    form = AddColleaguesForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if candidates and request.method == "POST" and form.is_valid():
        try:
            email_limits.take(
                request,
                recipients=[user.email for user in form.chosen()],
                organisation=assessment.organisation,
                bulk=True,
            )
        except email_limits.LimitReached as reached:
            form.add_error(None, reached.message)
            return _add_colleagues_page(request, form, assessment, candidates)
        added = assessment.add_colleagues(form.chosen(), by=request.user)
        emailed, not_emailed = [], []
        for respondent in added:
            sent = emails.send_respondent_invitation(
                respondent, _answer_link(respondent), request.user
            )
            (emailed if sent else not_emailed).append(respondent.name)
        if emailed:
            messages.success(
                request, f"We have emailed {_people(emailed)} a link to answer the assessment."
            )
        if not_emailed:
            messages.error(
                request,
                f"We added {_people(not_emailed)} but could not email them. They can find the "
                "assessment on their organisation's page, or use Remind to try again.",
            )
        if not added:
            messages.info(request, "They were already answering this assessment.")
        return redirect(assessment)
    return _add_colleagues_page(request, form, assessment, candidates)


def _add_colleagues_page(request, form, assessment, candidates):
    return render(
        request,
        "assessment/assessment_add_colleagues.html",
        {
            "form": form,
            "assessment": assessment,
            "organisation": assessment.organisation,
            "candidates": candidates,
        },
    )


@login_required
def add_link_respondent(request, org, pk):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    if not assessment.is_open:
        messages.info(request, "This assessment is closed, so nobody new can answer it.")
        return redirect(assessment)
    form = LinkRespondentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _may_email(request, form, assessment):
        respondent, token = assessment.add_by_link(
            name=form.cleaned_data["name"], email=form.cleaned_data["email"], by=request.user
        )
        emailed = None
        if respondent.email:
            emailed = emails.send_respondent_link(
                respondent,
                _answer_link(respondent, token),
                request.user,
                form.cleaned_data["message"],
                code=_code(token),
            )
        return _show_link_once(request, respondent, token, emailed=emailed, new=True)
    return render(
        request,
        "assessment/assessment_add_link.html",
        {"form": form, "assessment": assessment, "organisation": assessment.organisation},
    )


def _may_email(request, form, assessment) -> bool:
    """Count the email a valid form will send, if any; False, with the reason on the form,
    when a limit stops it (and nothing is saved)."""
    if not form.cleaned_data["email"]:
        return True
    try:
        email_limits.take(
            request, recipients=[form.cleaned_data["email"]], organisation=assessment.organisation
        )
    except email_limits.LimitReached as reached:
        form.add_error(None, reached.message)
        return False
    return True


def _email_allowance(request, respondent):
    """Count the email about to go to `respondent`: an Allowance, or None (with the reason as
    a message) when a limit stops it. Nothing to count when there is no address to email."""
    to = respondent.email_address
    if not to:
        return email_limits.Allowance()
    try:
        return email_limits.take(
            request, recipients=[to], organisation=respondent.assessment.organisation
        )
    except email_limits.LimitReached as reached:
        messages.error(request, reached.message)
        return None


@login_required
@require_POST
def remind_respondent(request, org, pk, respondent):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    respondent = get_object_or_404(assessment.respondents, pk=respondent)
    if respondent.user_id is not None and not _still_a_member(respondent):
        messages.error(
            request,
            f"{respondent.name} is no longer a member of {assessment.organisation.name}, "
            "so they cannot answer.",
        )
        return redirect(assessment)
    allowance = _email_allowance(request, respondent)
    if allowance is None:
        return redirect(assessment)
    try:
        token = respondent.remind()
    except AssessmentError as error:
        allowance.give_back()
        messages.info(request, str(error))
        return redirect(assessment)
    if token is None:
        if emails.send_respondent_reminder(respondent, _answer_link(respondent), request.user):
            messages.success(request, f"We have emailed a reminder to {respondent.name}.")
        else:
            messages.error(request, f"We could not email {respondent.name}. Try again later.")
        return redirect(assessment)
    link = _answer_link(respondent, token)
    if respondent.email:
        emailed = emails.send_respondent_reminder(respondent, link, request.user, code=_code(token))
        if emailed:
            messages.success(
                request,
                f"We have emailed {respondent.name} a new personal link. "
                "Their old link no longer works; anything they saved is kept.",
            )
            return redirect(assessment)
        return _show_link_once(request, respondent, token, emailed=False)
    return _show_link_once(request, respondent, token, emailed=None)


@login_required
@require_POST
def cancel_respondent(request, org, pk, respondent):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    respondent = get_object_or_404(assessment.respondents, pk=respondent)
    if not respondent.has_link:
        messages.error(
            request,
            f"{respondent.name} answers with their own account, so there is no link to cancel.",
        )
    elif respondent.revoked_at:
        messages.info(request, f"{respondent.name}'s link was already cancelled.")
    elif respondent.submitted_at:
        messages.info(
            request,
            f"{respondent.name} has already submitted their answers, so their link cannot be "
            "cancelled.",
        )
    elif not assessment.is_open:
        messages.info(request, "This assessment is closed, so its links no longer work anyway.")
    else:
        respondent.revoke()
        messages.success(
            request,
            f"{respondent.name}'s personal link has been cancelled and no longer works. "
            "Anything they saved is kept, but not counted.",
        )
    return redirect(assessment)


@login_required
@require_POST
def reopen_response(request, org, pk, respondent):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    respondent = get_object_or_404(assessment.respondents, pk=respondent)
    if not respondent.submitted_at:
        messages.info(
            request,
            f"{respondent.name} has not submitted their answers, so they can already change them.",
        )
        return redirect(assessment)
    allowance = _email_allowance(request, respondent)
    if allowance is None:
        return redirect(assessment)
    try:
        respondent.reopen(by=request.user)
    except AssessmentError as error:
        allowance.give_back()
        messages.error(request, str(error))
        return redirect(assessment)
    reopened = f"{respondent.name}'s answers are open for changes again."
    if respondent.entered_on_paper:
        messages.success(request, f"{reopened} Enter the changes from their paper questionnaire.")
        return redirect("paper_response", org, pk, respondent.pk)
    if respondent.has_link and not respondent.email:
        if respondent.link_problem():
            advice = "Their personal link no longer works: use Remind to give them a new one."
        else:
            advice = f"Let them know: their personal link works until {respondent.link_expires_on}."
        messages.success(request, f"{reopened} {advice}")
        return redirect(assessment)
    token = respondent.new_link() if respondent.has_link else None
    link = _answer_link(respondent, token)
    code = _code(token) if token else ""
    if emails.send_response_reopened(respondent, link, request.user, code=code):
        messages.success(request, f"{reopened} We have emailed them to let them know.")
    elif token:
        return _show_link_once(request, respondent, token, emailed=False)
    else:
        messages.success(request, f"{reopened} We could not email them, so let them know.")
    return redirect(assessment)


@login_required
def close_assessment(request, org, pk):
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    results_url = reverse("results", args=[org, pk])
    if not assessment.is_open:
        messages.info(request, "This assessment is already closed.")
        return redirect(results_url)
    error = None
    # The admin also chooses whether to share the results with the working group.
    share_form = SharingForm(
        request.POST if request.method == "POST" else None, assessment=assessment, closing=True
    )
    message_form = ClosingMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and share_form.is_valid() and message_form.is_valid():
        try:
            not_counted, assessment = assessment.close_and_share(
                share_form.shares,
                share_form.chosen_round,
                by=request.user,
                message=message_form.cleaned_data["closing_message"],
            )
        except AssessmentError as exc:
            assessment.refresh_from_db(fields=["status", "closed_at"])
            if not assessment.is_open:  # closed by someone else a moment ago
                messages.info(request, str(exc))
                return redirect(results_url)
            error = str(exc)
        else:
            if not_counted:
                was = "was" if not_counted == 1 else "were"
                outcome = f"{_plural(not_counted, 'response')} in progress {was} not counted."
            else:
                outcome = "Every response was counted."
            if assessment.shared_with_working_group:
                outcome += " The results are shared with the working group."
            else:
                outcome += (
                    " The results are not shared with the working group. You can share them "
                    "from the assessment's page."
                )
            messages.success(request, f"Assessment closed. {outcome}")
            return redirect(results_url)
    counts = assessment.respondents.aggregate(
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        not_submitted=Count("pk", filter=Q(submitted_at__isnull=True)),
    )
    in_progress = assessment.respondents.filter(submitted_at__isnull=True).order_by("name")
    return render(
        request,
        "assessment/assessment_close.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "in_progress": in_progress.values_list("name", flat=True)[:50],
            "counts": counts,
            "error": error,
            "form": share_form,
            "message_form": message_form,
        },
    )


def _answer_link(respondent, token: str | None = None) -> str:
    """The absolute address a respondent answers at: their personal link if given its token,
    otherwise (colleagues, who sign in) the assessment's task list."""
    if token is not None:
        return emails.absolute_url(reverse("open_personal_link", args=[token]))
    assessment = respondent.assessment
    return emails.absolute_url(
        reverse(
            "colleague:task_list", kwargs={"org": assessment.organisation_id, "pk": assessment.pk}
        )
    )


@login_required
@require_POST
def personal_link_letter(request, org, pk, respondent):
    """A printable letter with someone's personal link, code and QR code, standard or easy
    read. Only the page that made the link can ask for it: it sends the token back, and the
    letter is made only if it is the link's current token."""
    _, assessment = get_assessment_for_member(request, org, pk, admin=True)
    respondent = get_object_or_404(assessment.respondents, pk=respondent, user__isnull=True)
    token = request.POST.get("token", "")
    if not token or respondent.token_hash != hash_token(token) or respondent.link_problem():
        raise Http404
    link = _answer_link(respondent, token)
    pdf = render_pdf(
        "reports/pdf/letter.html",
        {
            "organisation": assessment.organisation,
            "assessment": assessment,
            "respondent": respondent,
            "sender": request.user,
            "link": link,
            "code": _code(token),
            "code_page": emails.absolute_url(reverse("enter_code")),
            "qr": qr_svg(link, label="QR code that opens your personal link"),
            "easy_read": request.POST.get("version") == "easy-read",
        },
    )
    filename = download_name(respondent.name, "letter", suffix="coprod.pdf")
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(True, filename),
            "Cache-Control": "no-store",
        },
    )


def _code(token: str) -> str:
    return shown_code(short_code(token))


def _show_link_once(request, respondent, token: str, *, emailed: bool | None, new: bool = False):
    """A personal link and its short code, on screen once: only their hashes are kept, so they
    cannot be shown again. The page can print a letter with both (the token comes back with
    the request to print it).

    `emailed` is None when there was no address to email it to, False if sending failed.
    """
    assessment = respondent.assessment
    link = _answer_link(respondent, token)
    response = render(
        request,
        "assessment/assessment_link.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "respondent": respondent,
            "link": link,
            "token": token,
            "code": _code(token),
            "code_page": emails.absolute_url(reverse("enter_code")),
            "qr": qr_svg(link, label=f"QR code: scan it to open the link for {respondent.name}"),
            "emailed": emailed,
            "new": new,
        },
    )
    add_never_cache_headers(response)
    return response


def _still_a_member(respondent) -> bool:
    return respondent.assessment.organisation.memberships.filter(
        user_id=respondent.user_id
    ).exists()


def _people(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
