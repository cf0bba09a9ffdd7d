def test_smoke(client, admin, organisation, mailoutbox, settings):
    from django.core import mail
    r = client.get("/")
    print(r.status_code, r.headers.get("Content-Security-Policy"))
    print(settings.MAILERS if hasattr(settings, "MAILERS") else None)
    r = client.post("/account/password/reset/", {"email": admin.email})
    print(r.status_code, r.headers.get("Location"), len(mailoutbox), len(mail.outbox))
    print(mailoutbox[0].body if mailoutbox else "")
