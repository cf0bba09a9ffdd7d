"""The README's deploy steps, followed literally with production settings (DEBUG off,
collectstatic into a throwaway folder, the manifest storage), then served by gunicorn."""

import re
import subprocess
import sys

from tests.assessment.pdf_helpers import pdf_text

from .deployment import PROJECT_ROOT, Visitor, readme_deploy_commands

DEMO_PASSWORD = "coproduce-demo"


def test_the_readme_gives_every_deploy_step_in_order():
    commands = readme_deploy_commands()

    assert commands == [
        "python manage.py migrate",
        "python manage.py createcachetable",
        "python manage.py loaddata framework case_studies practices",
        "python manage.py collectstatic --no-input",
        "gunicorn coprod_site.wsgi",
        "python manage.py db_worker",
    ]


def gunicorn_line() -> str:
    return next(c for c in readme_deploy_commands() if c.startswith("gunicorn"))


def stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_pages_and_their_stylesheets_are_served_with_debug_off(deployed):
    server = deployed.gunicorn(gunicorn_line())

    page = server.request("GET", "/framework/")

    assert page.status == 200
    assert "<h1" in page.text
    sheets = stylesheets(page.text)
    assert sheets and all(re.search(r"\.[0-9a-f]{12}\.css$", sheet) for sheet in sheets)
    for sheet in sheets:
        css = server.request("GET", sheet, headers={"Accept-Encoding": "gzip"})
        assert css.status == 200
        assert css.headers["content-type"].startswith("text/css")
        assert "immutable" in css.headers["cache-control"]


def test_the_styled_not_found_page_is_served_with_debug_off(deployed):
    server = deployed.gunicorn(gunicorn_line())

    response = server.request("GET", "/no-such-page/")

    assert response.status == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.text
    sheet = stylesheets(response.text)[0]
    assert server.request("GET", sheet).status == 200


def test_the_styled_server_error_page_renders_with_the_collected_static_files(deployed):
    """A 500 cannot be caused on purpose in the real app, so the handler Django calls is run
    in a process with the deployment's settings."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.test import RequestFactory;"
            "from django.views.defaults import server_error;"
            "print(server_error(RequestFactory().get('/')).content.decode())",
        ],
        cwd=PROJECT_ROOT,
        env=deployed.environment | {"DJANGO_SETTINGS_MODULE": "coprod_site.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Sorry, something went wrong" in result.stdout
    assert re.search(r'href="/static/css/coprod\.[0-9a-f]{12}\.css"', result.stdout)


def test_a_signed_in_member_downloads_the_pdf_report_with_debug_off(deployed):
    server = deployed.gunicorn(gunicorn_line())
    rita = Visitor()
    rita.sign_in(server, "admin@riverside.example", DEMO_PASSWORD)

    home = rita.get(server, "/")
    organisation = re.search(r'href="(/organisations/\d+/)"', home.text).group(1)
    listing = rita.get(server, organisation)
    assessments = re.findall(r'href="(/organisations/\d+/assessments/\d+/)"', listing.text)
    reports = [rita.get(server, f"{path}results.pdf") for path in assessments]
    # The demo's Riverside has several closed assessments; Autumn 2026 is the one reviewed.
    report, text = next(
        (r, text)
        for r in reports
        if r.status == 200 and "Autumn 2026" in (text := pdf_text(r.body))
    )

    assert report.headers["content-type"] == "application/pdf"
    assert "Riverside Community Trust" in text
    fonts = subprocess.run(
        ["pdffonts", "-"], input=report.body, capture_output=True, check=True
    ).stdout.decode()
    embedded = [line.split()[0] for line in fonts.splitlines()[2:] if " yes yes " in line]
    assert any(name.endswith("+Atkinson-Hyperlegible") for name in embedded), fonts


def test_health_answers_for_the_load_balancer_with_debug_off(deployed):
    server = deployed.gunicorn(gunicorn_line())

    response = server.request("GET", "/health/", headers={"X-Forwarded-Proto": "http"})

    assert response.status == 200
    assert response.json()["database"] == "ok"
    assert response.headers["set-cookie"] == {}


def test_health_answers_503_when_the_database_is_unreachable(deployed):
    unreachable = "postgres://nobody@127.0.0.1:9/nothing"
    server = deployed.gunicorn(gunicorn_line(), DATABASE_URL=unreachable)

    response = server.request("GET", "/health/")

    assert response.status == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
