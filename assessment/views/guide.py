"""The facilitation guide: how to run an assessment with people who use services. Public, as a
page and as a PDF to print (the same words, templates/guide/_content.html)."""

from functools import cache

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ..reports.pdf import render_pdf


@require_safe
def guide(request):
    return render(request, "guide/guide.html")


@cache
def guide_pdf_bytes() -> bytes:
    """Laid out once per process: the guide's words change only with a release."""
    return render_pdf("reports/pdf/guide.html", {})


@require_safe
def guide_pdf(request):
    return HttpResponse(
        guide_pdf_bytes(),
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(True, "coprod-facilitation-guide.pdf")
        },
    )
