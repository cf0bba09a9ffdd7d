from django.urls import reverse


def test_probe(client, admin):
    client.force_login(admin)
    r = client.post(
        reverse("organisation_create"),
        {"name": "", "kind": "moon", "area": "A" * 121, "size": "small"},
    )
    print(r.status_code, dict(r.context["form"].errors))
    c = r.content.decode()
    i = c.find("<main")
    print(c[i : i + 6000])
