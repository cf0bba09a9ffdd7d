"""The public case-study library: published studies only, for everyone, signed in or not."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .forms import LibraryFilterForm
from .models import CaseStudy, Principle

PER_PAGE = 20


def case_study_list(request):
    principles = Principle.objects.current_by_slug()
    form = LibraryFilterForm(request.GET or None, principles=principles.values())
    filters = form.filters()
    studies = CaseStudy.objects.published().matching(**filters).prefetch_related("principle_links")
    page = Paginator(studies, PER_PAGE).get_page(request.GET.get("page"))
    for study in page:
        study.shown_principles = study.principles_in(principles)
    return render(
        request,
        "principles/case_study_list.html",
        {"form": form, "filters": filters, "page": page},
    )


def case_study_detail(request, slug):
    study = get_object_or_404(
        CaseStudy.objects.published().prefetch_related("principle_links"), slug=slug
    )
    study.shown_principles = study.principles_in(Principle.objects.current_by_slug())
    return render(request, "principles/case_study_detail.html", {"study": study})
