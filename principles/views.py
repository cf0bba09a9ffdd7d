"""Public pages about the framework: anyone may read them, signed in or not."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import CaseStudy, Framework, Question

# The newest few; the library lists the rest.
PRINCIPLE_PAGE_CASE_STUDIES = 10


def easy_read(request) -> bool:
    """Whether to show the easy-read wording: chosen with ?view=easy-read or ?view=full, and
    remembered for the rest of the visit (the answering and results pages use it too)."""
    if "view" in request.GET:
        request.session["easy_read"] = request.GET["view"] == "easy-read"
    return request.session.get("easy_read", False)


def _current_framework() -> Framework:
    framework = Framework.objects.current()
    if framework is None:
        raise Http404("No version of the framework has been published yet.")
    return framework


def overview(request):
    framework = _current_framework()
    principles = framework.principles.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position"))
    )
    return render(
        request,
        "principles/overview.html",
        {
            "framework": framework,
            "principles": principles,
            "rungs": list(framework.rungs.all()),
            "easy_read": easy_read(request),
        },
    )


def principle_detail(request, slug):
    framework = _current_framework()
    principle = get_object_or_404(framework.principles, slug=slug)
    descriptors = principle.descriptors.select_related("rung").order_by("-rung__position")
    return render(
        request,
        "principles/principle_detail.html",
        {
            "framework": framework,
            "principle": principle,
            "questions": principle.questions.order_by("position"),
            "descriptors": descriptors,
            "easy_read": easy_read(request),
            "case_studies": CaseStudy.objects.published()
            .showing(slug)
            .only("title", "slug", "place")[:PRINCIPLE_PAGE_CASE_STUDIES],
        },
    )
