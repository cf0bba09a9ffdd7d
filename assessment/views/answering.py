"""Answering an assessment: a task list, one section per principle, check and submit.

The same views serve colleagues (signed in, under the assessment's URL, namespace
"colleague") and people answering through a personal link (namespace "link", identified by
the link they opened). `AnswerUrls` builds links inside whichever of the two is in use.
"""

import logging
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags

from principles.models import contents
from principles.views import easy_read

from ..access import (
    RESPONDENT_SESSION_KEY,
    PersonalLinkProblem,
    get_respondent,
    open_link_session,
)
from ..forms.answering import (
    DONT_KNOW,
    AboutYouForm,
    CodeForm,
    SectionForm,
    evidence_field,
    extent_field,
)
from ..groups import min_group_size
from ..models import Answer, Respondent, Section
from ..models.assessments import NotEditable
from ..progress import ResponseProgress
from ..ratelimit import rate_limited
from ..results import shared_examples
from ..standing import standings

logger = logging.getLogger(__name__)

STASH_KEY = "stashed_answers"
# Examples per group on "what we found": a taste of what people said, short enough for a phone.
FOUND_EXAMPLES = 2
# Kept for someone whose session ended while typing: a section's longest answers fit with room
# to spare, for as many pages as an assessment has, so a session never grows beyond this.
STASH_CHARACTERS = 40_000
STASH_PAGES = 8
NOT_SAVED = "We could not save your answers just now. They are still below: try again in a minute."
SAVED_FOR_LATER = {
    "colleague": "Your answers are saved. To come back, sign in to Coprod and choose this "
    "assessment on your home page.",
    "link": "Your answers are saved. To come back, open your personal link again, or go to the "
    "Enter your code page and type the code from your letter or email.",
}
EASY_SAVED_FOR_LATER = {
    "colleague": "We saved your answers. To come back, sign in to Coprod. Then choose this "
    "assessment.",
    "link": "We saved your answers. To come back, open your link again. Or type the code from "
    "your letter or email on the Enter your code page.",
}
TOO_LONG_TO_KEEP = (
    "Your session ended, and what you sent was too long for us to keep while you sign in "
    "again. Sign in, then type your answers again."
)


class AnswerUrls:
    """Reverse URLs within the namespace (colleague or link) the current page was reached by."""

    def __init__(self, namespace: str, **kwargs):
        self.namespace = namespace
        self.kwargs = kwargs

    @classmethod
    def for_request(cls, request) -> "AnswerUrls":
        match = request.resolver_match
        return cls(match.namespace, **{k: v for k, v in match.kwargs.items() if k in ("org", "pk")})

    def _reverse(self, name: str, **extra) -> str:
        return reverse(f"{self.namespace}:{name}", kwargs={**self.kwargs, **extra})

    @property
    def task_list(self) -> str:
        return self._reverse("task_list")

    @property
    def about_you(self) -> str:
        return self._reverse("about_you")

    @property
    def check(self) -> str:
        return self._reverse("check")

    @property
    def submitted(self) -> str:
        return self._reverse("submitted")

    @property
    def found(self) -> str:
        return self._reverse("found")

    def section(self, slug: str) -> str:
        return self._reverse("section", principle=slug)


def answering_view(view=None, *, hearing_back: bool = False):
    """Find the person's own response, or send them to sign in again.

    If their session ended while they were typing, what they sent is kept in the new session
    and put back in the form when they return to the page, so nothing is lost.
    `hearing_back=True` is for "What we found" alone, which an expired link still opens.
    """
    if view is None:
        return partial(answering_view, hearing_back=hearing_back)

    @wraps(view)
    def wrapper(request, org=None, pk=None, **kwargs):
        signed_out = (org is not None and not request.user.is_authenticated) or (
            org is None and RESPONDENT_SESSION_KEY not in request.session
        )
        if signed_out:
            kept = _stash(request) if request.method == "POST" else None
            if org is not None:
                if kept is False:
                    messages.error(request, TOO_LONG_TO_KEEP)
                return redirect_to_login(request.get_full_path())
            # A bookmark is not an error; a post is refused, so autosave knows to stop.
            status = 403 if request.method == "POST" else 200
            return render(request, "answering/link_needed.html", {"kept": kept}, status=status)
        try:
            respondent = get_respondent(request, org, pk, hearing_back=hearing_back)
        except PersonalLinkProblem as error:
            return render(
                request, "answering/link_problem.html", {"problem": error.problem}, status=410
            )
        return view(request, respondent, AnswerUrls.for_request(request), **kwargs)

    return wrapper


def _context(request, respondent, urls, **extra) -> dict:
    return {
        "respondent": respondent,
        "assessment": respondent.assessment,
        "organisation": respondent.assessment.organisation,
        "urls": urls,
        "easy_read": easy_read(request),
        **extra,
    }


def open_personal_link(request, token):
    """A personal link: remember whose response this is, then take the token out of the URL."""
    return _start(request, Respondent.from_token(token))


@rate_limited("personal-code", methods=("POST",))
def enter_code(request):
    """The short code from a letter or email, typed in: the same as opening the link."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        respondent = Respondent.from_code(form.cleaned_data["code"])
        if respondent is not None:
            return _start(request, respondent)
        form.add_error("code", "We do not recognise that code. Check it and try again.")
    return render(request, "answering/enter_code.html", {"form": form})


def _start(request, respondent):
    # Once closed, an expired link still leads to "What we found" (`Respondent.hears_back`).
    problem = (
        "unknown"
        if respondent is None
        else respondent.link_problem(hearing_back=not respondent.assessment.is_open)
    )
    if problem is None and not respondent.assessment.is_open and not respondent.submitted_at:
        problem = "closed"
    if problem:
        return render(request, "answering/link_problem.html", {"problem": problem}, status=410)
    open_link_session(request, respondent)
    # Once closed, the link leads to what the organisation found.
    return redirect("link:task_list" if respondent.assessment.is_open else "link:found")


@answering_view
def task_list(request, respondent, urls):
    progress = ResponseProgress(respondent)
    return render(
        request,
        "answering/task_list.html",
        _context(
            request, respondent, urls, progress=progress, sections=progress.section_list(urls)
        ),
    )


@answering_view
def about_you(request, respondent, urls):
    if not respondent.is_editable:
        return _read_only(request, urls)
    initial = {
        "owner": _owner(respondent),
        "name": respondent.name,
        "perspective": respondent.perspective,
        "agreed_to_be_named": respondent.agreed_to_be_named,
        # Nothing chosen for them the first time: consent is asked, not assumed.
        "agreed_to_be_quoted": (
            ("yes" if respondent.agreed_to_be_quoted else "no") if respondent.perspective else None
        ),
    }
    data = request.POST if request.method == "POST" else _take_stash(request, respondent)
    form = AboutYouForm(data, initial=initial, easy_read=easy_read(request))
    if data is not None and form.is_valid() and request.method == "POST":
        respondent.save_about_you(
            name=form.cleaned_data["name"],
            perspective=form.cleaned_data["perspective"],
            agreed_to_be_named=form.cleaned_data["agreed_to_be_named"],
            agreed_to_be_quoted=form.cleaned_data["agreed_to_be_quoted"] == "yes",
        )
        next_section = ResponseProgress(respondent).next_section()
        return redirect(urls.section(next_section.slug) if next_section else urls.check)
    return render(
        request,
        "answering/about_you.html",
        _context(request, respondent, urls, form=form, min_group_size=min_group_size()),
    )


@answering_view
def section(request, respondent, urls, principle):
    framework = contents(respondent.assessment.framework_id)
    principle = framework.principle(principle)
    if principle is None:
        raise Http404("No such principle in this framework.")
    if not respondent.is_editable:
        if request.headers.get("X-Autosave"):
            return JsonResponse({"status": "read-only"}, status=409)
        return _read_only(request, urls)
    questions = framework.questions.get(principle.pk, [])
    rungs = framework.rungs
    descriptors = framework.descriptors.get(principle.pk, [])
    saved = (
        Section.objects.filter(respondent=respondent, principle=principle)
        .select_related("rung")
        .first()
    )
    form_kwargs = {
        "principle": principle,
        "questions": questions,
        "rungs": rungs,
        "descriptors": descriptors,
        "easy_read": easy_read(request),
        "audience": respondent.asked_about,
    }
    restored = False
    if request.method == "POST":
        form = SectionForm(request.POST, **form_kwargs)
    else:
        stash = _take_stash(request, respondent)
        restored = stash is not None
        form = SectionForm(stash, initial=_initial(respondent, saved, questions), **form_kwargs)

    context = _context(request, respondent, urls, principle=principle, form=form, restored=restored)
    if request.method != "POST" or not form.is_valid():
        if request.headers.get("X-Autosave"):
            return JsonResponse({"status": "invalid", "errors": form.errors}, status=400)
        return render(request, "answering/section.html", context)

    try:
        saved_version = respondent.save_section(
            principle,
            version=form.cleaned_data["version"],
            answers=form.answers(),
            rung=form.chosen_rung(),
            rung_evidence=form.cleaned_data["rung_evidence"],
            dont_know=form.says_dont_know(),
        )
    except NotEditable:
        if request.headers.get("X-Autosave"):
            return JsonResponse({"status": "read-only"}, status=409)
        return _read_only(request, urls)
    except DatabaseError:
        # Nothing was written (the save is one transaction); keep what they typed on screen.
        logger.exception(
            "Could not save section %s of respondent %s", principle.slug, respondent.pk
        )
        if request.headers.get("X-Autosave"):
            return JsonResponse({"status": "error"}, status=503)
        form.add_error(None, NOT_SAVED)
        return render(request, "answering/section.html", context, status=503)
    if saved_version is None:
        if request.headers.get("X-Autosave"):
            return JsonResponse({"status": "conflict"}, status=409)
        return _conflict(request, respondent, urls, principle, form, questions, context)
    if request.headers.get("X-Autosave"):
        # The session's time left, for the time-out warning (see assessment/sessions.py).
        expires_in = request.session.get_expiry_age()
        return JsonResponse({"status": "saved", "version": saved_version, "expires_in": expires_in})
    if "later" in request.POST:
        saved_for_later = EASY_SAVED_FOR_LATER if easy_read(request) else SAVED_FOR_LATER
        messages.success(request, saved_for_later[urls.namespace])
        return redirect(urls.task_list)
    following = ResponseProgress(respondent).next_section(after=principle)
    if following and following.position <= principle.position:
        # Past the last section, with some still unfinished: say why they are sent back.
        messages.info(request, _gap_message(following))
    return redirect(urls.section(following.slug) if following else urls.check)


def _gap_message(principle) -> str:
    """Why "Save and continue" goes back to an earlier section instead of on."""
    return (
        f"Some answers are still missing, so we have brought you back to the first section "
        f"that needs them: {principle.name}. Answer what you can. If you are not sure, you "
        f'can choose "Don\'t know" or "I don\'t know".'
    )


def _initial(respondent, saved, questions) -> dict:
    initial = {"version": saved.version if saved else 0, "owner": _owner(respondent)}
    if saved:
        initial["rung"] = saved.rung.position if saved.rung_id else None
        if saved.dont_know:
            initial["rung"] = DONT_KNOW
        initial["rung_evidence"] = saved.rung_evidence
    answers = Answer.objects.filter(respondent=respondent, question__in=questions).select_related(
        "question"
    )
    for answer in answers:
        initial[extent_field(answer.question.code)] = answer.extent
        initial[evidence_field(answer.question.code)] = answer.evidence
    return initial


def _conflict(request, respondent, urls, principle, form, questions, context):
    """Someone saved this section since the page was loaded: show both, let the person choose."""
    saved = Section.objects.select_related("rung").get(respondent=respondent, principle=principle)
    theirs = _initial(respondent, saved, questions)
    mine = dict(form.cleaned_data)
    rows = []
    for question in questions:
        rows.append(
            {
                "label": question.wording(respondent.asked_about, context["easy_read"]),
                "mine": _describe(form, extent_field(question.code), mine),
                "mine_evidence": mine.get(evidence_field(question.code), ""),
                "saved": _describe(form, extent_field(question.code), theirs),
                "saved_evidence": theirs.get(evidence_field(question.code), ""),
            }
        )
    rows.append(
        {
            "label": "Rung on the ladder",
            "mine": _describe(form, "rung", mine),
            "mine_evidence": mine.get("rung_evidence", ""),
            "saved": _describe(form, "rung", theirs),
            "saved_evidence": theirs.get("rung_evidence", ""),
        }
    )
    resubmit = [
        (k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "version")
    ]
    context.update(rows=rows, resubmit=resubmit, current_version=saved.version)
    return render(request, "answering/conflict.html", context, status=409)


def _describe(form, name: str, values: dict) -> str:
    value = values.get(name)
    if value in (None, ""):
        return "Not answered"
    return strip_tags(str(dict(form.fields[name].choices).get(value, value)))


@answering_view
def check_answers(request, respondent, urls):
    progress = ResponseProgress(respondent)
    if request.method == "POST":
        if respondent.submitted_at:
            return redirect(urls.submitted)
        if not respondent.is_editable:
            return _read_only(request, urls)
        if progress.is_complete():
            if respondent.submit() or respondent.submitted_at:
                return redirect(urls.submitted)
            return _read_only(request, urls)
        messages.error(
            request,
            "Please answer everything below first."
            if easy_read(request)
            else "Answer everything listed below before you submit.",
        )
    return render(
        request,
        "answering/check.html",
        _context(request, respondent, urls, progress=progress, review=progress.review(urls)),
    )


@answering_view
def submitted(request, respondent, urls):
    if not respondent.submitted_at:
        return redirect(urls.check)
    return render(request, "answering/submitted.html", _context(request, respondent, urls))


@answering_view(hearing_back=True)
def what_we_found(request, respondent, urls):
    """After closing, what everyone who answered hears back, in easy read: where each principle
    stands, what people said (the examples they agreed to share) and the admin's message."""
    assessment = respondent.assessment
    if assessment.is_open:
        return redirect(urls.task_list)
    examples = shared_examples(assessment)
    principles = [
        (
            standing,
            [(g.label, g.texts[:FOUND_EXAMPLES]) for g in examples.get(standing.principle.pk, [])],
        )
        for standing in standings(assessment)
    ]
    return render(
        request,
        "answering/what_we_found.html",
        _context(
            request,
            respondent,
            urls,
            principles=principles,
            rungs=len(contents(assessment.framework_id).rungs),
            # An expired link opens this page only, not what the person sent.
            answers_open=respondent.link_problem() is None,
        ),
    )


def _read_only(request, urls):
    messages.info(
        request,
        "These answers can no longer be changed: they have been submitted, or the assessment "
        "has closed. Ask your organisation's admin if something needs changing.",
    )
    return redirect(urls.check)


def _stash(request) -> bool | None:
    """Keep what a signed-out person sent, to put back in the form once they are back: True if
    kept, False if too long to keep, None if it did not come from a respondent's form (its
    signed owner), so a stranger's post stores nothing."""
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        signing.loads(data.get("owner", ""), salt=STASH_KEY)
    except signing.BadSignature:
        return None
    if sum(len(key) + len(value) for key, value in data.items()) > STASH_CHARACTERS:
        return False
    stash = request.session.get(STASH_KEY, {})
    stash.pop(request.path, None)
    stash[request.path] = data
    request.session[STASH_KEY] = dict(list(stash.items())[-STASH_PAGES:])
    return True


def _owner(respondent) -> str:
    return signing.dumps(respondent.pk, salt=STASH_KEY)


def _take_stash(request, respondent) -> dict | None:
    """What this person typed before their session ended, if anything: only ever their own."""
    stash = request.session.get(STASH_KEY, {})
    data = stash.pop(request.path, None)
    if data is None:
        return None
    request.session[STASH_KEY] = stash
    try:
        owner = signing.loads(data.get("owner", ""), salt=STASH_KEY)
    except signing.BadSignature:
        return None
    return data if owner == respondent.pk else None
