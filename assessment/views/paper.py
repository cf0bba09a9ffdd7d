"""Paper questionnaires (admins, while an assessment is open): print one, and type in one that
came back, on the person's behalf, one section at a time or every section on one page.

A paper response is an ordinary response marked `entered_on_paper`: its sections are saved by
`Respondent.save_section` through the answering pages' own form, and it is submitted by
`Respondent.submit`, so it counts exactly like one typed in by its author.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from principles.models import contents

from ..access import get_open_assessment_for_admin, get_paper_response
from ..forms.answering import DONT_KNOW, evidence_field, extent_field
from ..forms.paper import PaperRespondentForm, paper_section_form
from ..models.assessments import NotEditable
from ..progress import ResponseProgress
from ..reports.csv import download_name
from ..reports.questionnaire import questionnaire_pdf

STALE = (
    "Someone saved this section since you opened the page. What you entered is below: check "
    "it and save again."
)


@login_required
@require_safe
def paper_questionnaire(request, org, pk):
    """The questionnaire as a PDF to print, standard or easy read (?version=easy-read)."""
    _, assessment = get_open_assessment_for_admin(request, org, pk)
    easy_read = request.GET.get("version") == "easy-read"
    pdf = questionnaire_pdf(assessment, easy_read=easy_read, contact=request.user)
    words = "questionnaire-easy-read" if easy_read else "questionnaire"
    filename = download_name(assessment.organisation.name, assessment.title, suffix=f"{words}.pdf")
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@login_required
def paper_response_new(request, org, pk):
    """Who answered on paper: the start of typing in their questionnaire."""
    _, assessment = get_open_assessment_for_admin(request, org, pk)
    form = PaperRespondentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        respondent = assessment.add_paper_response(**form.cleaned_data, by=request.user)
        return redirect(PaperUrls(respondent).every_section)
    return render(
        request,
        "paper/new.html",
        {"form": form, "assessment": assessment, "organisation": assessment.organisation},
    )


@dataclass
class PaperUrls:
    """The pages of one paper response; `section(slug)` as the task list expects."""

    respondent: object

    def _reverse(self, name: str, **extra) -> str:
        assessment = self.respondent.assessment
        args = {"org": assessment.organisation_id, "pk": assessment.pk}
        return reverse(name, kwargs={**args, "respondent": self.respondent.pk, **extra})

    @property
    def task_list(self) -> str:
        return self._reverse("paper_response")

    @property
    def every_section(self) -> str:
        return self._reverse("paper_every_section")

    @property
    def submit(self) -> str:
        return self._reverse("paper_submit")

    def section(self, slug: str) -> str:
        return self._reverse("paper_section", principle=slug)


@login_required
@require_safe
def paper_response(request, org, pk, respondent):
    """One paper response: its sections, how far they are entered, and submitting it."""
    respondent = get_paper_response(request, org, pk, respondent)
    urls = PaperUrls(respondent)
    progress = ResponseProgress(respondent)
    return render(
        request,
        "paper/response.html",
        _context(respondent, urls, progress=progress, sections=progress.section_list(urls)),
    )


@login_required
def paper_section(request, org, pk, respondent, principle):
    respondent = get_paper_response(request, org, pk, respondent)
    principle = contents(respondent.assessment.framework_id).principle(principle)
    if principle is None:
        raise Http404
    return _enter(request, respondent, [principle])


@login_required
def paper_every_section(request, org, pk, respondent):
    respondent = get_paper_response(request, org, pk, respondent)
    return _enter(request, respondent, contents(respondent.assessment.framework_id).principles)


@login_required
@require_POST
def paper_submit(request, org, pk, respondent):
    respondent = get_paper_response(request, org, pk, respondent)
    urls = PaperUrls(respondent)
    if respondent.submitted_at:
        messages.info(request, f"{respondent.name}'s paper answers were already submitted.")
    elif not ResponseProgress(respondent).is_complete():
        messages.error(
            request,
            "Enter an answer to every question and a rung for every section before you "
            "submit. Where the person left one out, choose Don't know.",
        )
        return redirect(urls.task_list)
    elif respondent.submit(by=request.user):
        messages.success(
            request,
            f"{respondent.name}'s paper answers are submitted, marked as entered on their "
            "behalf. They will count when you close the assessment.",
        )
    return redirect(respondent.assessment)


def _context(respondent, urls, **extra) -> dict:
    return {
        "respondent": respondent,
        "assessment": respondent.assessment,
        "organisation": respondent.assessment.organisation,
        "urls": urls,
        **extra,
    }


def _enter(request, respondent, principles):
    """Show, or save, the sections for `principles` (one, or all of them on one page)."""
    urls = PaperUrls(respondent)
    if respondent.submitted_at:
        messages.info(
            request,
            f"{respondent.name}'s paper answers are submitted. To change them, reopen them "
            "from the assessment's page.",
        )
        return redirect(urls.task_list)
    framework = contents(respondent.assessment.framework_id)
    one_page = len(principles) > 1

    def form_for(principle, data, initial=None):
        return paper_section_form(
            data,
            prefix=principle.slug if one_page else None,
            initial=initial,
            principle=principle,
            questions=framework.questions.get(principle.pk, []),
            rungs=framework.rungs,
            descriptors=framework.descriptors.get(principle.pk, []),
            audience=respondent.asked_about,
        )

    if request.method == "POST":
        forms = [(principle, form_for(principle, request.POST)) for principle in principles]
    else:
        progress = ResponseProgress(respondent)
        forms = [(p, form_for(p, None, _initial(progress, p))) for p in principles]
    if request.method == "POST" and all(form.is_valid() for _, form in forms):
        try:
            stale = _save(respondent, forms)
        except NotEditable:
            messages.info(request, "These answers can no longer be changed.")
            return redirect(respondent.assessment)
        if not stale:
            if one_page or "list" in request.POST:
                messages.success(request, f"{respondent.name}'s answers are saved.")
                return redirect(urls.task_list)
            following = ResponseProgress(respondent).next_section(after=principles[0])
            return redirect(urls.section(following.slug) if following else urls.task_list)
        # Show what was typed again, with each section's saved version, so saving again goes
        # through; the sections someone else saved meanwhile say so.
        data = request.POST.copy()
        saved = ResponseProgress(respondent).sections
        for principle, form in forms:
            data[form.add_prefix("version")] = getattr(saved.get(principle.pk), "version", 0)
        forms = [(principle, form_for(principle, data)) for principle in principles]
        for principle, form in forms:
            form.is_valid()
            if principle in stale:
                form.add_error(None, STALE)
    return render(
        request,
        "paper/section.html",
        _context(
            respondent,
            urls,
            forms=forms,
            one_page=one_page,
            principle=principles[0],
            errors=error_list(forms),
        ),
    )


def error_list(forms) -> list[tuple[str, str]]:
    """Every error on the page's forms, for one error summary: (id to link to, message)."""
    found = []
    for _, form in forms:
        first = form.visible_fields()[0].auto_id
        found += [(first, error) for error in form.non_field_errors()]
        found += [(first, error) for field in form.hidden_fields() for error in field.errors]
        for field in form.visible_fields():
            radios = field.widget_type == "radioselect"
            found += [(f"{field.auto_id}{'_1' if radios else ''}", e) for e in field.errors]
    return found


def _save(respondent, forms) -> list:
    """Save every section, or none of them: the principles whose section someone saved since
    the page was loaded (then nothing is kept), else an empty list."""
    stale = []
    with transaction.atomic():
        for principle, form in forms:
            saved = respondent.save_section(
                principle,
                version=form.cleaned_data["version"],
                answers=form.answers(),
                rung=form.chosen_rung(),
                rung_evidence=form.cleaned_data["rung_evidence"],
                dont_know=form.says_dont_know(),
            )
            if saved is None:
                stale.append(principle)
        if stale:
            transaction.set_rollback(True)
    return stale


def _initial(progress, principle) -> dict:
    """What is saved for one section, as the form's initial values (read by the progress, in
    a fixed number of queries for the whole response)."""
    section = progress.sections.get(principle.pk)
    initial = {"version": section.version if section else 0}
    if section:
        initial["rung"] = section.rung.position if section.rung_id else None
        if section.dont_know:
            initial["rung"] = DONT_KNOW
        initial["rung_evidence"] = section.rung_evidence
    for question in progress.questions[principle.pk]:
        answer = progress.answers.get(question.pk)
        if answer:
            initial[extent_field(question.code)] = answer.extent
            initial[evidence_field(question.code)] = answer.evidence
    return initial
