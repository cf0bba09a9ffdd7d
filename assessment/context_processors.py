def current_organisation(request):
    """The organisation the person is working in, chosen with "switch" and kept in the session."""
    return {"current_organisation_id": request.session.get("organisation_id")}
