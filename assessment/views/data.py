"""An organisation's own data, for its admins: who did what, everything in one download, and
deleting the organisation with all it holds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ..access import get_membership
from ..exports import organisation_archive
from ..forms.organisations import DeleteOrganisationForm
from ..models import AuditEvent
from ..reports.csv import download_name

EVENTS_PER_PAGE = 50


@login_required
@require_safe
def organisation_data(request, org):
    """The audit log, newest first, with the download and the way to delete."""
    organisation = get_membership(request, org, admin=True).organisation
    events = Paginator(
        AuditEvent.objects.filter(organisation=organisation),
        EVENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/organisation_data.html",
        {"organisation": organisation, "events": events},
    )


@login_required
@require_POST
@never_cache
def organisation_export(request, org):
    organisation = get_membership(request, org, admin=True).organisation
    archive = organisation_archive(organisation)
    AuditEvent.record(
        organisation, AuditEvent.Verb.EXPORTED, "everything the organisation holds", by=request.user
    )
    filename = download_name(
        organisation.name, f"{timezone.localdate():%Y-%m-%d}", suffix="data.zip"
    )
    return HttpResponse(
        archive,
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@login_required
def organisation_delete(request, org):
    """Step one names what will go; step two (typing the name) deletes it."""
    organisation = get_membership(request, org, admin=True).organisation
    form = DeleteOrganisationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        name = organisation.name
        organisation.erase(by=request.user)
        request.session.pop("organisation_id", None)
        messages.success(request, f"{name} and everything it held have been deleted.")
        return redirect("home")
    return render(
        request,
        "assessment/organisation_delete.html",
        {"organisation": organisation, "form": form, "holds": organisation.what_it_holds()},
    )
