"""An assessment's report as a download: one response for the members' and the working group's
addresses, which share the kept PDF (reports/pdf.kept_assessment_report)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from ..models import Assessment
from ..reports.csv import download_name
from ..reports.pdf import ReportBusy, kept_assessment_report

# When to ask again if the report could not be laid out just now: about what one takes.
RETRY_SECONDS = 3


def report_response(request, assessment: Assessment) -> HttpResponse:
    """The report PDF as an attachment; or, when no report can be laid out just now, a page
    saying it is being prepared, which asks again and then downloads it: 202 with Retry-After,
    not 503, as nothing is wrong with the server (a 5xx is logged as an error, and load
    balancers count it against the server)."""
    try:
        content = kept_assessment_report(assessment)
    except ReportBusy:
        response = render(
            request,
            "reports/being_prepared.html",
            {"assessment": assessment, "retry_seconds": RETRY_SECONDS},
            status=202,
        )
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    filename = download_name(assessment.organisation.name, assessment.title, suffix="report.pdf")
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
