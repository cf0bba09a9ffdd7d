"""Peer review: inviting a critical friend, their blind review, and the agreed position.

Two groups of pages (the invitation link is in invitations.py, shared with joining an
organisation):
- the organisation's (under the assessment's URL): position statement, inviting reviewers, the
  comparison and the agreed positions. Members read; admins act.
- the reviewer's workspace (/reviews/<id>/): only the reviewer who accepted, while the review
  is theirs. Everyone else gets 404, signed in or not.
"""

from copy import copy
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from principles.models import Descriptor, Principle, Rung

from .. import email_limits, emails, ratelimit, reviewing
from ..access import (
    get_agreed_for_reviewer,
    get_assessment_for_member,
    get_closed_assessment_for_member,
    get_membership,
    get_review_for_member,
    get_review_for_reviewer,
)
from ..forms.base import stale_form
from ..forms.reviews import (
    AgreedPositionForm,
    AgreedPositionsForm,
    ConfirmAllForm,
    DissentForm,
    FeedbackForm,
    PositionStatementForm,
    RatingForm,
    ReviewerAboutYouForm,
    ReviewerInvitationForm,
    ReviewerSearchForm,
    ReviewOfferForm,
)
from ..models import (
    AgreedRung,
    Membership,
    Organisation,
    PeerRating,
    PeerReview,
    PositionStatement,
)
from ..models.reviews import ReviewError
from ..progress import ReviewProgress
from ..results import EXTENT_ORDER, assessment_results, peer_comparison

WILLING_LIMIT = 100  # organisations listed at once; the filters narrow it down


# The organisation's pages ------------------------------------------------------------------


@login_required
def peer_reviews(request, org, pk):
    membership, assessment = get_assessment_for_member(request, org, pk)
    context = {"membership": membership, "assessment": assessment}
    context["organisation"] = assessment.organisation
    if assessment.is_open:
        return render(request, "reviews/not_closed.html", context)
    reviews = list(assessment.peer_reviews.select_related("reviewer"))
    context |= {
        "reviews": reviews,
        "submitted": [r for r in reviews if r.submitted_at],
        "statement": PositionStatement.objects.filter(assessment=assessment)
        .select_related("updated_by")
        .first(),
    }
    return render(request, "reviews/peer_reviews.html", context)


@login_required
def position_statement(request, org, pk):
    _, assessment = get_closed_assessment_for_member(request, org, pk, admin=True)
    if assessment.peer_reviews.filter(submitted_at__isnull=False).exists():
        # A reviewer has judged the organisation on it: it stays as they read it.
        messages.info(
            request,
            "The position statement cannot be changed now: a peer reviewer has submitted a "
            "review based on it.",
        )
        return redirect("peer_reviews", org, pk)
    statement = PositionStatement.objects.filter(assessment=assessment).first()
    form = PositionStatementForm(
        request.POST if request.method == "POST" else None,
        # A copy: validating the form writes into its instance, and the saved one is shown as
        # it is if someone else saved first.
        instance=copy(statement) if statement else PositionStatement(assessment=assessment),
        initial={"version": statement.version if statement else ""},
    )
    saved_now = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PositionStatementForm.Meta.fields}
        if PositionStatement.save_for(
            assessment, form.cleaned_data["version"], by=request.user, **fields
        ):
            messages.success(request, "The position statement has been saved.")
            return redirect("peer_reviews", org, pk)
        # Someone else saved it while this page was open: keep both, let the admin choose.
        statement = (
            PositionStatement.objects.filter(assessment=assessment)
            .select_related("updated_by")
            .first()
        )
        form = stale_form(
            PositionStatementForm,
            request.POST,
            version=statement.version if statement else "",
            message="Someone else saved the position statement while you were writing. What "
            "they saved is shown below the form; what you typed is still in the form. Save "
            "again to replace theirs with yours.",
            instance=copy(statement),
        )
        saved_now = statement
    return render(
        request,
        "reviews/position_statement.html",
        {
            "form": form,
            "assessment": assessment,
            "organisation": assessment.organisation,
            "saved_now": saved_now,
        },
    )


@login_required
def invite_reviewer(request, org, pk):
    _, assessment = get_closed_assessment_for_member(request, org, pk, admin=True)
    if request.method == "POST" and (refused := ratelimit.refusal(request, "review-invite")):
        return refused
    form = ReviewerInvitationForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    if request.method == "POST" and form.is_valid():
        try:
            allowance = email_limits.take(
                request,
                recipients=[form.cleaned_data["email"]],
                organisation=assessment.organisation,
            )
            review, token = PeerReview.invite(
                assessment=assessment,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                invited_by=request.user,
            )
        except email_limits.LimitReached as reached:
            form.add_error(None, reached.message)
        except ReviewError as error:
            allowance.give_back()
            form.add_error("email", error.message)
        else:
            if emails.send_review_invitation(review, token, request.user):
                messages.success(
                    request,
                    f"We have emailed an invitation to {review.email}. The link works until "
                    f"{review.expires_on}.",
                )
            else:
                messages.error(
                    request,
                    f"We could not email {review.email}. Use Re-send to try again in a while.",
                )
            return redirect("peer_reviews", org, pk)
    return render(
        request,
        "reviews/invite.html",
        {"form": form, "assessment": assessment, "organisation": assessment.organisation},
    )


@login_required
@require_POST
def resend_review(request, org, pk, review):
    _, review = get_review_for_member(request, org, pk, review, admin=True)
    try:
        allowance = email_limits.take(
            request, recipients=[review.email], organisation=review.assessment.organisation
        )
        token = review.resend()
    except email_limits.LimitReached as reached:
        messages.error(request, reached.message)
        return redirect("peer_reviews", org, pk)
    except ReviewError as error:
        allowance.give_back()
        messages.error(request, error.message)
        return redirect("peer_reviews", org, pk)
    if emails.send_review_invitation(review, token, request.user):
        messages.success(
            request,
            f"We have emailed a new invitation to {review.email}. The old link no longer "
            f"works; the new one works until {review.expires_on}.",
        )
    else:
        messages.error(request, f"We could not email {review.email}. Try again in a while.")
    return redirect("peer_reviews", org, pk)


@login_required
@require_POST
def revoke_review(request, org, pk, review):
    _, review = get_review_for_member(request, org, pk, review, admin=True)
    if review.revoke():
        messages.success(
            request,
            f"The review by {review.email} has been cancelled. Their link no longer works"
            f"{' and they can no longer see your assessment' if review.accepted_at else ''}.",
        )
    elif review.submitted_at:
        messages.error(
            request,
            f"{review.email} has already submitted their review, so it cannot be cancelled. It "
            "stays part of your assessment's record.",
        )
    else:
        messages.info(request, f"The review by {review.email} was already cancelled.")
    return redirect("peer_reviews", org, pk)


@login_required
@never_cache
def review_comparison(request, org, pk, review):
    membership, review = get_review_for_member(request, org, pk, review)
    if not review.submitted_at:
        raise Http404
    return _comparison_page(request, review, membership)


@login_required
def record_agreed(request, org, pk, review):
    _, review = get_review_for_member(request, org, pk, review, admin=True)
    if not review.submitted_at:
        raise Http404
    assessment = review.assessment
    comparisons = reviewing.for_review(peer_comparison(assessment), review, own_agreed_only=False)
    rungs = list(Rung.objects.filter(framework_id=assessment.framework_id).order_by("position"))
    version = AgreedRung.fingerprint(assessment.pk)
    form = AgreedPositionsForm(
        request.POST if request.method == "POST" else None,
        initial=AgreedPositionsForm.initial_for(comparisons, version),
        comparisons=comparisons,
        rungs=rungs,
    )
    if request.method == "POST" and form.is_valid():
        changed = review.agree(form.positions(), by=request.user, seen=form.cleaned_data["version"])
        if changed is None:
            form = stale_form(
                AgreedPositionsForm,
                request.POST,
                version=version,
                message="Someone changed the agreed positions while you had this page open. "
                "What is saved now is shown in the comparison; what you chose is still below. "
                "Save again to keep your choices.",
                comparisons=comparisons,
                rungs=rungs,
            )
        else:
            if changed:
                if review.reviewer_id and review.accepted_at and not review.revoked_at:
                    _ask_reviewer_to_confirm(request, review, changed)
                else:
                    messages.success(
                        request,
                        "The agreed positions have been saved. The reviewer needs to look at "
                        "the changed ones again: we have asked them to confirm or say why not.",
                    )
            else:
                messages.info(request, "Nothing had changed, so nothing was saved.")
            return redirect("review_comparison", org, pk, review.pk)
    return render(
        request,
        "reviews/agreed_form.html",
        {
            "form": form,
            "review": review,
            "assessment": assessment,
            "organisation": assessment.organisation,
        },
    )


@login_required
def review_offer(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    form = ReviewOfferForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        organisation.offer_to_review(**form.offer())
        if organisation.willing_to_review:
            messages.success(
                request,
                f"Thank you. {organisation.name} is now listed as willing to review others.",
            )
        else:
            messages.success(
                request, f"{organisation.name} is not listed as willing to review others."
            )
        return redirect(organisation)
    return render(
        request, "reviews/review_offer.html", {"form": form, "organisation": organisation}
    )


@login_required
def willing_reviewers(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    form = ReviewerSearchForm(request.GET or None)
    filters = form.filters()
    willing = Organisation.objects.willing_to_review(**filters).exclude(pk=organisation.pk)
    found = list(willing.order_by("name")[: WILLING_LIMIT + 1])
    kinds = dict(Organisation.Kind.choices)
    return render(
        request,
        "reviews/willing_reviewers.html",
        {
            "form": form,
            "organisation": organisation,
            "willing": [
                (o, [kinds.get(k, k) for k in o.review_kinds]) for o in found[:WILLING_LIMIT]
            ],
            "more": len(found) > WILLING_LIMIT,
            "limit": WILLING_LIMIT,
            "filtered": bool(filters),
        },
    )


# The reviewer's workspace ------------------------------------------------------------------


def reviewer_view(view):
    """Give the view the signed-in reviewer's own review, or answer 404. Someone signed out is
    told how to sign in, on a 404 page that is the same for every address."""

    @wraps(view)
    @never_cache
    def wrapper(request, review, *args, **kwargs):
        if not request.user.is_authenticated:
            return render(
                request,
                "reviews/sign_in_needed.html",
                {"next": request.get_full_path()},
                status=404,
            )
        return view(request, get_review_for_reviewer(request, review), *args, **kwargs)

    return wrapper


def needs_declaration(view):
    """The reviewer says who they are and declares any conflict before seeing anything else."""

    @wraps(view)
    def wrapper(request, review, *args, **kwargs):
        if not review.has_declared:
            messages.info(
                request,
                "Before you start, tell us which organisation you are from and whether you have "
                "a conflict of interest.",
            )
            return redirect("review_about_you", review.pk)
        return view(request, review, *args, **kwargs)

    return wrapper


def _reviewer_context(review, **extra) -> dict:
    return {
        "review": review,
        "assessment": review.assessment,
        "organisation": review.assessment.organisation,
        **extra,
    }


def _read_only(request, review):
    messages.info(
        request,
        "You have submitted your review, so it can no longer change. This is what you sent.",
    )
    return redirect("review_check", review.pk)


def _stale(form_class, request, review, **kwargs):
    """The reviewer's form again after a save from a page that went stale."""
    return stale_form(
        form_class,
        request.POST,
        version=review.version,
        message="Your review was saved from another window or device while this page was open, "
        "so we did not save this page. What is saved now is shown below; what you typed is "
        "still in the form. Save again to keep what you typed.",
        **kwargs,
    )


@login_required
def my_reviews(request):
    reviews = list(request.user.peer_reviews.to_do())
    return render(request, "reviews/my_reviews.html", {"reviews": reviews})


@reviewer_view
def review_task_list(request, review):
    progress = ReviewProgress(review)
    return render(
        request,
        "reviews/task_list.html",
        _reviewer_context(
            review,
            items=progress.items(),
            rated=progress.rated_count(),
            feedback_status=progress.feedback_status(),
            principle_count=len(progress.principles),
        ),
    )


@reviewer_view
def review_about_you(request, review):
    if not review.is_editable:
        return _read_only(request, review)
    form = ReviewerAboutYouForm(
        request.POST if request.method == "POST" else None,
        initial=ReviewerAboutYouForm.initial_for(review),
    )
    saved_now = None
    if request.method == "POST" and form.is_valid():
        saved = review.save_about_you(
            form.cleaned_data["version"],
            organisation=form.cleaned_data["organisation"],
            has_conflict=form.cleaned_data["has_conflict"],
            conflict_details=form.cleaned_data["conflict_details"].strip(),
        )
        if saved is not None:
            return redirect("review_organisation", review.pk)
        if not review.is_editable:
            return _read_only(request, review)
        form = _stale(ReviewerAboutYouForm, request, review)
        saved_now = [
            ("Your organisation", review.reviewer_organisation or "Not given"),
            (
                "Conflict of interest",
                {True: "Yes", False: "No", None: "Not answered"}[review.has_conflict],
            ),
            ("Details", review.conflict_details),
        ]
    return render(
        request,
        "reviews/about_you.html",
        _reviewer_context(review, form=form, saved_now=saved_now),
    )


@reviewer_view
@needs_declaration
def review_organisation(request, review):
    assessment = review.assessment
    statement = PositionStatement.objects.filter(assessment=assessment).first()
    progress = ReviewProgress(review)
    return render(
        request,
        "reviews/about_organisation.html",
        _reviewer_context(
            review,
            statement=statement,
            respondents=assessment.respondents.submitted().count(),
            first=progress.next_principle() or progress.principles[0],
        ),
    )


@reviewer_view
@needs_declaration
def review_principle(request, review, principle):
    assessment = review.assessment
    principle = get_object_or_404(Principle, framework_id=assessment.framework_id, slug=principle)
    if not review.is_editable:
        return _read_only(request, review)
    rungs = list(Rung.objects.filter(framework_id=assessment.framework_id))
    descriptors = list(Descriptor.objects.filter(principle=principle))
    rating = PeerRating.objects.filter(review=review, principle=principle).first()
    form_kwargs = {"principle": principle, "rungs": rungs, "descriptors": descriptors}
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        initial=RatingForm.initial_for(review, rating),
        **form_kwargs,
    )
    saved_now = None
    if request.method == "POST" and form.is_valid():
        saved = review.save_rating(
            form.cleaned_data["version"],
            principle=principle,
            rung=form.chosen_rung(),
            comment=form.cleaned_data["comment"],
            suggestion=form.cleaned_data["suggestion"],
        )
        if saved is not None:
            if "later" in request.POST:
                messages.success(
                    request, "Your review is saved. Come back to it when you are ready."
                )
                return redirect("review_task_list", review.pk)
            following = ReviewProgress(review).next_principle(after=principle)
            if following:
                return redirect("review_principle", review.pk, following.slug)
            return redirect("review_feedback", review.pk)
        if not review.is_editable:
            return _read_only(request, review)
        form = _stale(RatingForm, request, review, **form_kwargs)
        rating = PeerRating.objects.filter(review=review, principle=principle).first()
        saved_now = [
            (
                "Rung",
                f"{rating.rung.position}. {rating.rung.name}"
                if rating and rating.rung
                else "None chosen",
            ),
            ("What you saw", rating.comment if rating else ""),
            ("One suggestion", rating.suggestion if rating else ""),
        ]
    results = assessment_results(assessment)
    summary = next(s for s in results.principles if s.principle.pk == principle.pk)
    examples, ladder = reviewing.evidence(assessment, principle, results.grouping)
    questions = [
        {"result": q, "examples": examples.get(q.question.pk, [])} for q in summary.questions
    ]
    return render(
        request,
        "reviews/principle.html",
        _reviewer_context(
            review,
            principle=principle,
            form=form,
            saved_now=saved_now,
            # Only the answers to the questions: the rungs the organisation chose stay hidden.
            questions=questions,
            ladder_evidence=ladder,
            groups_note=results.grouping.note,
            submitted=results.submitted,
            answer_labels=[extent.label for extent in EXTENT_ORDER],
        ),
    )


@reviewer_view
@needs_declaration
def review_feedback(request, review):
    if not review.is_editable:
        return _read_only(request, review)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial=FeedbackForm.initial_for(review),
    )
    saved_now = None
    if request.method == "POST" and form.is_valid():
        saved = review.save_feedback(
            form.cleaned_data["version"],
            strengths=form.cleaned_data["strengths"],
            areas_to_develop=form.cleaned_data["areas_to_develop"],
        )
        if saved is not None:
            if "later" in request.POST:
                messages.success(
                    request, "Your review is saved. Come back to it when you are ready."
                )
                return redirect("review_task_list", review.pk)
            return redirect("review_check", review.pk)
        if not review.is_editable:
            return _read_only(request, review)
        form = _stale(FeedbackForm, request, review)
        saved_now = [
            ("Strengths", review.strengths),
            ("Areas to develop", review.areas_to_develop),
        ]
    return render(
        request,
        "reviews/feedback.html",
        _reviewer_context(review, form=form, saved_now=saved_now),
    )


@reviewer_view
def review_check(request, review):
    missing = review.missing() if review.is_editable else []
    if request.method == "POST":
        if review.submitted_at:
            return redirect("review_submitted", review.pk)
        try:
            submitted = review.submit()
        except ReviewError:
            messages.error(request, "Finish everything listed below before you submit.")
            missing = review.missing()
        else:
            if submitted:
                emails.send_to_admins(review, emails.send_review_submitted)
            return redirect("review_submitted", review.pk)
    progress = ReviewProgress(review)
    return render(
        request,
        "reviews/check.html",
        _reviewer_context(review, items=progress.items(), missing=missing),
    )


@reviewer_view
def review_submitted(request, review):
    if not review.submitted_at:
        return redirect("review_check", review.pk)
    return render(request, "reviews/submitted.html", _reviewer_context(review))


@reviewer_view
def reviewer_comparison(request, review):
    if not review.submitted_at:
        messages.info(request, "You will see the comparison once you have submitted your review.")
        return redirect("review_task_list", review.pk)
    return _comparison_page(request, review)


@reviewer_view
@require_POST
def confirm_agreed(request, review, principle):
    if not review.submitted_at:
        raise Http404
    agreed = get_agreed_for_reviewer(review, principle)
    form = AgreedPositionForm(request.POST)
    seen_at = form.cleaned_data["version"] if form.is_valid() else None
    if seen_at and agreed.confirm(seen_at=seen_at):
        messages.success(
            request, f"You have confirmed the agreed position for {agreed.principle.name.lower()}."
        )
    else:
        messages.error(
            request,
            f"The organisation changed the position for {agreed.principle.name.lower()} while "
            "you had the page open. Check it again below before you confirm.",
        )
    return redirect(f"{reverse('reviewer_comparison', args=[review.pk])}#{agreed.principle.slug}")


@reviewer_view
@require_POST
def confirm_all_agreed(request, review):
    if not review.submitted_at:
        raise Http404
    form = ConfirmAllForm(request.POST)
    confirmed = review.confirm_all(seen=form.cleaned_data["version"]) if form.is_valid() else None
    if confirmed is None:
        messages.error(
            request,
            "The organisation changed the agreed positions while you had the page open. Check "
            "them again below before you confirm.",
        )
    elif confirmed:
        names = ", ".join(a.principle.name.lower() for a in confirmed)
        messages.success(request, f"You have confirmed the agreed positions for {names}.")
    else:
        messages.info(request, "There were no agreed positions waiting for you to confirm.")
    return redirect("reviewer_comparison", review.pk)


@reviewer_view
def dissent_agreed(request, review, principle):
    if not review.submitted_at:
        raise Http404
    agreed = get_agreed_for_reviewer(review, principle)
    back = f"{reverse('reviewer_comparison', args=[review.pk])}#{agreed.principle.slug}"
    form = DissentForm(
        request.POST if request.method == "POST" else None,
        initial={"dissent": agreed.reviewer_dissent, "version": agreed.version},
    )
    if request.method == "POST" and form.is_valid():
        seen_at = form.cleaned_data["version"]
        if seen_at and agreed.dissent(form.cleaned_data["dissent"], seen_at=seen_at):
            messages.success(
                request,
                f"We have added your response to the position for {agreed.principle.name.lower()}.",
            )
            return redirect(back)
        form = stale_form(
            DissentForm,
            request.POST,
            version=agreed.version,
            message="The organisation changed this position while you had the page open. Check "
            "it above, then send your response again: what you typed is still below.",
        )
    return render(
        request,
        "reviews/dissent.html",
        _reviewer_context(review, form=form, agreed=agreed, back=back),
    )


# Helpers -----------------------------------------------------------------------------------


def _comparison_page(request, review, membership: Membership | None = None):
    """The comparison of one submitted review, for the organisation (`membership`) or for the
    reviewer (no membership: they see only the positions agreed with them)."""
    assessment = review.assessment
    return render(
        request,
        "reviews/comparison.html",
        {
            "review": review,
            "assessment": assessment,
            "organisation": assessment.organisation,
            "membership": membership,
            "is_reviewer": membership is None,
            "can_record": bool(membership and membership.is_admin),
            **reviewing.comparison(review, for_reviewer=membership is None),
        },
    )


def _ask_reviewer_to_confirm(request, review, changed) -> None:
    """Email the reviewer the changed positions, within the email limits: the positions are
    saved either way, and the reviewer sees them on their comparison page."""
    saved = (
        "The agreed positions have been saved. The reviewer needs to look at the changed ones again"
    )
    try:
        email_limits.take(
            request,
            recipients=[review.reviewer.email],
            organisation=review.assessment.organisation,
        )
    except email_limits.LimitReached as reached:
        messages.warning(
            request,
            f"{saved}, but we did not email them: {reached.message} They will see the changes "
            "on their comparison page, or you can let them know.",
        )
        return
    emails.send_review_agreed(review, changed)
    messages.success(request, f"{saved}: we have asked them to confirm or say why not.")
