"""The working group's pages (assessment/views/working_group.py, dashboards.py): who may see
them, rounds, and the round dashboard's figures. Downloads are in test_working_group_downloads.py,
sharing in test_sharing.py."""

import itertools
import re
from datetime import date
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, PeerReview, Round, RoundSummary
from assessment.views import working_group as working_group_views
from principles.models import contents

from .answering_helpers import FormReader
from .helpers import routes_of
from .working_group_helpers import *  # noqa: F403 - the shared fixtures
from .working_group_helpers import (
    EASTFIELD,
    ELSEWHERE,
    HIDDEN,
    HIDDEN_AREAS,
    NEVER_IN_LONDON,
    NORTHGATE,
    PEOPLE,
    PRINCIPLE_NAMES,
    RIVERSIDE,
    RUNG_NAMES,
    SHARED_IN_LONDON,
    SOLO,
    STILL_OPEN,
    WESTBROOK,
    add_shared_organisations,
    by_column,
    csv_url,
    dashboard_url,
    done_summary,
    expected_counts,
    pdf_text,
    report_url,
    rows_of,
    signed_in,
    summary_url,
    svg_charts,
    table,
    tables,
    words,
)

# What each kind of person gets from each route: the status of a GET, and of a POST to the
# routes that take one (the others answer any POST with 405, whoever asks).
WORKING_GROUP_ROUTES = [
    "working_group",
    "round_create",
    "round_dashboard",
    "round_scores_csv",
    "round_summary",
    "round_summary_status",
    "round_summary_pdf",
    "working_group_report_pdf",
]
ROUTES = ["sharing", *WORKING_GROUP_ROUTES]
TAKES_POST = {"sharing", "round_create", "round_summary"}
ALLOWED = {
    # person: the routes they may use (everything else is 404)
    "working_group_member": set(WORKING_GROUP_ROUTES),
    "superuser": set(WORKING_GROUP_ROUTES),
    "staff_only": set(),
    "organisation_admin": {"sharing"},
    "organisation_member": set(),
    "other_organisation_admin": set(),
    "stranger": set(),
}
assert set(ALLOWED) | {"anonymous"} == set(PEOPLE)

COUNTS_TABLE = "Organisations at each rung, for each principle"
GAPS_TABLE = "Self-assessed and peer-reviewed rungs compared"
FURTHEST_TABLE = "Principles furthest from the gold standard, furthest first"
ORGANISATIONS_TABLE = "Organisations that shared their results"


def _pattern(name: str):
    return next(p for p in routes_of(working_group_views) if p.name == name)


def route_url(name: str, *, assessment, round, summary) -> str:
    """The route with real ids: Riverside's shared assessment, London, a finished summary."""
    ids = {
        "org": assessment.organisation_id,
        "pk": assessment.pk,
        "round_id": round.pk,
        "summary": summary.pk,
    }
    converters = _pattern(name).pattern.converters
    return reverse(name, kwargs={key: ids[key] for key in converters})


@pytest.fixture
def routes(shared_round, wg_member) -> dict[str, str]:
    summary = done_summary(shared_round.round, wg_member)
    return {
        name: route_url(
            name, assessment=shared_round[RIVERSIDE], round=shared_round.round, summary=summary
        )
        for name in ROUTES
    }


def nothing_changed(shared_round):
    assert Round.objects.count() == 2
    assert RoundSummary.objects.count() == 1
    riverside = Assessment.objects.get(pk=shared_round[RIVERSIDE].pk)
    assert riverside.shared_with_working_group is True
    assert riverside.round == shared_round.round


# Who may see the working group --------------------------------------------------------------


def test_every_route_of_the_working_group_is_walked_here():
    assert {p.name for p in routes_of(working_group_views)} == set(ROUTES)


@pytest.mark.parametrize("person", [p for p in PEOPLE if p != "anonymous"])
@pytest.mark.parametrize("name", ROUTES)
def test_each_person_gets_only_the_routes_that_are_theirs(
    clients, routes, shared_round, person, name
):
    client = clients[person]
    url = routes[name]

    got = client.get(url).status_code

    if name in ALLOWED[person]:
        assert got == 200, (person, name, url)
    else:
        assert got == 404, (person, name, url)
        posted = client.post(url, {"share": "no", "name": "Sneaky round"}).status_code
        assert posted == (404 if name in TAKES_POST else 405), (person, name, url)
        nothing_changed(shared_round)


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_route(
    clients, routes, shared_round, name
):
    client = clients["anonymous"]
    url = routes[name]

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (method.__name__, url)
        assert response.url == f"{reverse('login')}?next={url}", (method.__name__, url)

    nothing_changed(shared_round)


def test_a_working_group_member_sees_the_home_page_and_the_round_dashboards(
    wg_client, shared_round
):
    home = wg_client.get(reverse("working_group"))
    dashboard = wg_client.get(dashboard_url(shared_round.round))

    assert home.status_code == 200
    assert "Working group" in words(home)
    assert f'href="{dashboard_url(shared_round.round)}"' in home.content.decode()
    assert dashboard.status_code == 200
    assert "4 organisations have shared their results in this round" in words(dashboard)


def test_only_people_with_the_permission_see_the_working_group_in_the_header(clients):
    link = f'href="{reverse("working_group")}"'

    for person in ("working_group_member", "superuser"):
        page = clients[person].get(reverse("home"), follow=True)
        assert link in page.content.decode(), person
    for person in ("staff_only", "organisation_admin", "stranger"):
        page = clients[person].get(reverse("home"), follow=True)
        assert link not in page.content.decode(), person


def test_being_staff_is_not_enough_to_see_the_working_group(clients, staff, shared_round):
    assert staff.is_staff and not staff.has_perm("assessment.view_working_group")
    client = clients["staff_only"]

    assert client.get(reverse("working_group")).status_code == 404
    assert client.get(dashboard_url(shared_round.round)).status_code == 404


def test_the_permission_given_directly_to_a_person_is_enough(stranger, shared_round):
    stranger.user_permissions.add(
        Permission.objects.get(content_type__app_label="assessment", codename="view_working_group")
    )

    assert signed_in(stranger).get(dashboard_url(shared_round.round)).status_code == 200


def test_a_round_that_does_not_exist_is_404_for_the_working_group(wg_client):
    assert wg_client.get(reverse("round_dashboard", args=[999_999])).status_code == 404
    assert wg_client.get(reverse("round_scores_csv", args=[999_999])).status_code == 404
    assert wg_client.post(reverse("round_summary", args=[999_999])).status_code == 404


def test_a_summary_of_another_round_is_404(wg_client, wg_member, shared_round, midlands):
    summary = done_summary(midlands, wg_member)

    url = reverse("round_summary_pdf", args=[shared_round.round.pk, summary.pk])

    assert wg_client.get(url).status_code == 404


# Unshared assessments never appear ----------------------------------------------------------


def test_an_unshared_assessment_in_the_round_is_not_on_the_dashboard(wg_client, shared_round):
    assert shared_round[HIDDEN].round == shared_round.round  # attached, but not shared

    for filters in ({}, {"kind": "charity"}, {"area": "Riverside"}):
        page = words(wg_client.get(dashboard_url(shared_round.round, **filters)))
        for name in NEVER_IN_LONDON:
            assert name not in page, (name, filters)


def test_an_unshared_assessment_in_the_round_is_not_in_the_csv(wg_client, shared_round):
    response = wg_client.get(csv_url(shared_round.round))

    text = response.content.decode("utf-8")
    for name in NEVER_IN_LONDON:
        assert name not in text
    assert {row["Organisation"] for row in by_column(rows_of(response))} == set(SHARED_IN_LONDON)


def test_an_unshared_assessment_in_the_round_is_not_in_the_round_summary(wg_client, shared_round):
    wg_client.post(summary_url(shared_round.round))

    summary = RoundSummary.objects.get(round=shared_round.round)
    assert summary.status == RoundSummary.Status.DONE
    assert summary.organisations_total == len(SHARED_IN_LONDON)
    text = pdf_text(bytes(summary.pdf))
    for name in NEVER_IN_LONDON:
        assert name not in text
    for name in SHARED_IN_LONDON:
        assert name in text


@pytest.mark.parametrize("name", [HIDDEN, STILL_OPEN])
def test_the_report_of_an_unshared_or_open_assessment_is_404_to_the_working_group(
    wg_client, shared_round, name
):
    assert wg_client.get(report_url(shared_round[name])).status_code == 404


def test_the_home_page_lists_only_shared_closed_assessments_outside_rounds(wg_client, shared_round):
    response = wg_client.get(reverse("working_group"))

    outside = table(
        response,
        "Assessments shared with the working group that are not part of a round",
    )
    assert [row[0] for row in outside[1:]] == [SOLO]
    page = words(response)
    for name in (HIDDEN, STILL_OPEN, *SHARED_IN_LONDON, ELSEWHERE):
        assert name not in page
    assert f'href="{report_url(shared_round[SOLO])}"' in response.content.decode()


# Rounds --------------------------------------------------------------------------------------


def round_data(name="Leeds 2027", starts=(1, 4, 2027), ends=(31, 3, 2028), description=""):
    data = {"name": name, "description": description}
    for field, (day, month, year) in (("starts_on", starts), ("ends_on", ends)):
        data |= {f"{field}_0": day, f"{field}_1": month, f"{field}_2": year}
    return data


def test_the_working_group_creates_a_round(wg_client):
    response = wg_client.post(
        reverse("round_create"),
        round_data(name="  Leeds   2027 ", description="Leeds organisations, first year"),
    )

    created = Round.objects.get()
    assert (created.name, created.starts_on, created.ends_on, created.description) == (
        "Leeds 2027",
        date(2027, 4, 1),
        date(2028, 3, 31),
        "Leeds organisations, first year",
    )
    assert response.status_code == 302
    assert response.url == dashboard_url(created)
    page = words(wg_client.get(response.url))
    assert "Leeds 2027 is set up." in page
    assert "No organisation has shared its results in this round yet." in page


def test_the_create_a_round_page_has_the_fields(wg_client):
    response = wg_client.get(reverse("round_create"))

    assert response.status_code == 200
    form = FormReader(response.content.decode())
    for field in ("name", "starts_on_0", "starts_on_1", "starts_on_2", "ends_on_0", "ends_on_2"):
        assert field in form.values, field


def test_an_end_before_the_start_is_an_error_next_to_the_end_date_and_keeps_what_was_typed(
    wg_client,
):
    response = wg_client.post(
        reverse("round_create"),
        round_data(name="Leeds 2027", starts=(1, 4, 2027), ends=(31, 3, 2027), description="Why"),
    )

    assert response.status_code == 200
    assert not Round.objects.exists()
    page = response.content.decode()
    message = "The end date must be the same as or after the start date"
    # In the error summary, linked to the end date, and in the end date's own form group.
    assert re.search(rf'<a href="#id_ends_on[^"]*">\s*{message}\s*</a>', page), "summary link"
    starts = page[page.index('id="div_id_starts_on"') : page.index('id="div_id_ends_on"')]
    ends = page[page.index('id="div_id_ends_on"') : page.index('id="div_id_description"')]
    assert "govuk-form-group--error" in ends and "govuk-form-group--error" not in starts
    error = re.search(r'<span id="(id_ends_on[^"]*_error)"[^>]*>(.*?)<div', ends, re.DOTALL)
    assert error and message in unescape(error.group(2)), "message next to the end date"
    assert error.group(1) in re.search(r'aria-describedby="([^"]*)"', ends).group(1)
    assert "_error" not in starts
    typed = FormReader(page).values
    assert typed["name"] == "Leeds 2027"
    assert (typed["starts_on_0"], typed["starts_on_1"], typed["starts_on_2"]) == ("1", "4", "2027")
    assert (typed["ends_on_0"], typed["ends_on_1"], typed["ends_on_2"]) == ("31", "3", "2027")
    assert typed["description"] == "Why"


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ((1, 4, "9" * 40), "The year of the start date must be between 2000 and 2100"),
        ((1, "9" * 40, 2027), "The start date must be a real date"),
        ((1, 4, 1066), "The year of the start date must be between 2000 and 2100"),
        ((31, 2, 2027), "The start date must be a real date"),
        ((1, 13, 2027), "The start date must be a real date"),
        (("one", 4, 2027), "The start date must be numbers, like 1 4 2027"),
        ((-1, 4, 2027), "The start date must be numbers, like 1 4 2027"),
        (("<b>1</b>", 4, 2027), "The start date must be numbers, like 1 4 2027"),
    ],
)
def test_an_impossible_date_is_an_error_next_to_it_and_keeps_what_was_typed(
    wg_client, starts, message
):
    response = wg_client.post(reverse("round_create"), round_data(starts=starts))

    assert response.status_code == 200
    assert not Round.objects.exists()
    assert message in words(response)
    assert "<b>1</b>" not in response.content.decode()
    typed = FormReader(response.content.decode()).values
    assert typed["starts_on_2"] == str(starts[2])
    assert typed["name"] == "Leeds 2027"


def test_the_create_button_has_each_attribute_once(wg_client):
    """Duplicate attributes are invalid HTML (and a validator's error)."""
    page = wg_client.get(reverse("round_create")).content.decode()

    button = re.search(r'<input type="submit".*?/>', page, flags=re.DOTALL).group(0)
    names = re.findall(r"\s([a-z-]+)=", button)
    assert len(names) == len(set(names)), names


def test_a_round_needs_a_name(wg_client):
    response = wg_client.post(reverse("round_create"), round_data(name="   "))

    assert response.status_code == 200
    assert "Enter a name for the round" in words(response)
    assert not Round.objects.exists()


def test_a_round_may_start_and_end_on_the_same_day(wg_client):
    wg_client.post(reverse("round_create"), round_data(starts=(1, 4, 2027), ends=(1, 4, 2027)))

    assert Round.objects.get().ends_on == date(2027, 4, 1)


def test_the_rounds_are_listed_newest_first_with_how_many_assessments_were_shared(
    wg_client, shared_round
):
    Round.objects.create(name="Empty 2028", starts_on=date(2028, 1, 1), ends_on=date(2028, 6, 30))

    rounds = table(wg_client.get(reverse("working_group")), "Rounds, newest first")

    assert rounds == [
        ["Round", "Dates", "Shared assessments"],
        ["Empty 2028", "1 January 2028 to 30 June 2028", "0"],
        # Hidden Hospice (not shared) and Still Open Trust (open) are not counted.
        ["London 2026/27", "1 April 2026 to 31 March 2027", "4"],
        ["Midlands 2026", "1 January 2026 to 31 December 2026", "1"],
    ]


# The round dashboard -------------------------------------------------------------------------


def counts_rows(counts) -> list[list[str]]:
    return [
        [f"{position}. {name}", *(str(n) for n in row)]
        for position, (name, row) in enumerate(zip(PRINCIPLE_NAMES, counts, strict=True), 1)
    ]


def test_the_dashboard_counts_organisations_at_each_rung_for_each_principle(
    wg_client, shared_round
):
    response = wg_client.get(dashboard_url(shared_round.round))

    rows = table(response, COUNTS_TABLE)
    assert rows[0] == [
        "Principle",
        *(f"{n}. {name}" for n, name in enumerate(RUNG_NAMES[:-1], 1)),
        "7. Co-production (gold standard)",
        "No answer",
    ]
    assert rows[1:] == counts_rows(expected_counts())
    # Spelled out, so the helper's arithmetic is checked too.
    assert rows[1:] == [
        ["1. Recognising people as assets", "0", "1", "0", "1", "1", "1", "0", "0"],
        ["2. Building on people's existing capabilities", "0", "0", "2", "0", "2", "0", "0", "0"],
        ["3. Mutuality and reciprocity", "0", "1", "0", "3", "0", "0", "0", "0"],
        ["4. Peer support networks", "0", "0", "0", "0", "1", "1", "2", "0"],
        ["5. Breaking down barriers", "1", "1", "2", "0", "0", "0", "0", "0"],
        ["6. Facilitating rather than delivering services", "0", "1", "1", "0", "1", "0", "0", "1"],
    ]


def test_the_dashboard_lists_the_organisations_that_shared(wg_client, shared_round):
    rows = table(wg_client.get(dashboard_url(shared_round.round)), ORGANISATIONS_TABLE)

    assert [row[:4] for row in rows[1:]] == [
        [EASTFIELD, "NHS or health body, Eastfield", "Autumn 2026", "15 October 2026"],
        [NORTHGATE, "Local authority, Northgate", "Autumn 2026", "15 October 2026"],
        [RIVERSIDE, "Charity, Riverside", "Autumn 2026 Community cafe", "15 October 2026"],
        [WESTBROOK, "Charity, Northgate", "Autumn 2026", "15 October 2026"],
    ]


def test_the_dashboard_draws_the_counts_as_a_stacked_bar_chart_with_a_title(
    wg_client, shared_round
):
    response = wg_client.get(dashboard_url(shared_round.round))

    charts = svg_charts(response)
    assert len(charts) == 1
    chart = unescape(charts[0])
    assert 'role="img"' in chart
    title = re.search(r'<title id="([^"]+)">(.*?)</title>', chart)
    assert title, "the chart has a <title>"
    assert f'aria-labelledby="{title.group(1)}"' in chart
    assert title.group(2) == (
        "Bar chart: how many of the 4 organisations reached each rung, for each principle"
    )
    description = re.search(r"<desc[^>]*>(.*?)</desc>", chart).group(1)
    for position, (name, row) in enumerate(zip(PRINCIPLE_NAMES, expected_counts(), strict=True), 1):
        rungs = ", ".join(f"rung {r} {row[r - 1]}" for r in range(1, 8))
        assert f"{position}. {name}: {rungs}, no answer {row[7]}." in description
    # One segment per non-zero count, and the dashed "no answer" segment for principle 6.
    segments = re.findall(r"<rect [^>]*height=\"34\"[^>]*/>", chart)
    assert len(segments) == sum(1 for row in expected_counts() for n in row if n)
    assert chart.count('stroke-dasharray="4 3"') == 1


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"kind": "charity"}, [RIVERSIDE, WESTBROOK]),
        ({"area": "Northgate"}, [NORTHGATE, WESTBROOK]),
        ({"kind": "charity", "area": "Northgate"}, [WESTBROOK]),
        ({"kind": "nhs"}, [EASTFIELD]),
        ({"kind": "business"}, []),
    ],
    ids=["charities", "northgate", "charities-in-northgate", "nhs", "nobody"],
)
def test_filters_by_type_and_area_change_the_counts(wg_client, shared_round, filters, names):
    response = wg_client.get(dashboard_url(shared_round.round, **filters))

    assert response.status_code == 200
    page = words(response)
    if not names:
        assert "No organisation in this round matches these filters." in page
        assert COUNTS_TABLE not in tables(response)
        return
    assert table(response, COUNTS_TABLE)[1:] == counts_rows(expected_counts(names))
    listed = [row[0] for row in table(response, f"{ORGANISATIONS_TABLE} and match these filters")]
    assert listed[1:] == names
    these = "1 organisation matches" if len(names) == 1 else f"{len(names)} organisations match"
    assert f"{these} these filters" in page
    form = response.content.decode()
    for key, value in filters.items():
        assert re.search(rf'<option value="{value}"\s+selected>', form), (key, value)


def test_the_area_filter_offers_only_areas_of_organisations_that_shared(wg_client, shared_round):
    response = wg_client.get(dashboard_url(shared_round.round))

    areas = re.search(r'<select[^>]*name="area".*?</select>', response.content.decode(), re.DOTALL)
    options = re.findall(r'<option value="([^"]*)"', areas.group(0))
    assert options == ["", "Eastfield", "Northgate", "Riverside"]
    for area in HIDDEN_AREAS:
        assert area not in response.content.decode()


def test_filtering_by_the_area_of_an_unshared_assessment_shows_nothing_of_it(
    wg_client, shared_round
):
    for area in HIDDEN_AREAS:
        response = wg_client.get(dashboard_url(shared_round.round, area=area))

        assert response.status_code == 200
        assert "Choose an area from the list" in words(response)
        page = words(response)
        assert HIDDEN not in page and STILL_OPEN not in page
        csv_rows = by_column(rows_of(wg_client.get(csv_url(shared_round.round, area=area))))
        assert {row["Organisation"] for row in csv_rows} == set(SHARED_IN_LONDON)


def test_a_tampered_filter_is_ignored_and_says_so(wg_client, shared_round):
    response = wg_client.get(dashboard_url(shared_round.round, kind="hackers"))

    assert response.status_code == 200
    assert "Choose a type of organisation from the list" in words(response)
    assert table(response, COUNTS_TABLE)[1:] == counts_rows(expected_counts())


def test_the_gaps_between_self_and_peer_ratings_are_shown_per_principle(wg_client, shared_round):
    response = wg_client.get(dashboard_url(shared_round.round))

    # Organisations compared, the average in words, rated themselves higher, lower, and
    # two or more rungs apart.
    expected = [
        ["2", "1 rung higher than peers", "1", "0", "1"],  # Riverside +2, Northgate 0
        ["2", "1 rung lower than peers", "0", "1", "1"],  # Riverside 0, Northgate -2
        ["2", "0.5 rungs lower than peers", "0", "1", "0"],  # Riverside -1, Northgate 0
        ["2", "The same, on average", "0", "0", "0"],  # both 0
        ["2", "1.5 rungs lower than peers", "0", "1", "1"],  # Riverside -3, Northgate 0
        ["2", "1.5 rungs higher than peers", "2", "0", "1"],  # Riverside +1, Northgate +2
    ]
    assert table(response, GAPS_TABLE)[1:] == [
        [f"{n}. {name}", *row]
        for n, (name, row) in enumerate(zip(PRINCIPLE_NAMES, expected, strict=True), 1)
    ]
    assert "2 of the 4 organisations have had a peer review submitted." in words(response)


def test_peer_gaps_leave_out_organisations_the_filters_leave_out(wg_client, shared_round):
    response = wg_client.get(dashboard_url(shared_round.round, kind="charity"))

    rows = table(response, GAPS_TABLE)[1:]
    # Only Riverside (a charity) was peer reviewed: its own gaps, one organisation each.
    assert [row[1:] for row in rows] == [
        ["1", "2 rungs higher than peers", "1", "0", "1"],
        ["1", "The same, on average", "0", "0", "0"],
        ["1", "1 rung lower than peers", "0", "1", "0"],
        ["1", "The same, on average", "0", "0", "0"],
        ["1", "3 rungs lower than peers", "0", "1", "1"],
        ["1", "1 rung higher than peers", "1", "0", "0"],
    ]
    assert "1 of the 2 organisations has had a peer review submitted." in words(response)


def test_the_principles_furthest_from_gold_come_first(wg_client, shared_round):
    response = wg_client.get(dashboard_url(shared_round.round))

    # Average and median rungs below gold (rung 7), organisations at gold (peer-confirmed, and
    # not), with a rung. The median is the distance of the lower median rung: with an even
    # count, the further one. No rung is agreed in this round, so none is peer-confirmed.
    assert table(response, FURTHEST_TABLE)[1:] == [
        ["5. Breaking down barriers", "4.8", "5", "0", "0", "4"],  # 4, 4, 6, 5
        ["6. Facilitating rather than delivering services", "3.7", "4", "0", "0", "3"],  # 2, 4, 5
        ["3. Mutuality and reciprocity", "3.5", "3", "0", "0", "4"],  # 3, 3, 3, 5
        ["2. Building on people's existing capabilities", "3.0", "4", "0", "0", "4"],  # 2, 4, 4, 2
        ["1. Recognising people as assets", "2.8", "3", "0", "0", "4"],  # 1, 3, 5, 2
        ["4. Peer support networks", "0.8", "1", "0", "2", "4"],  # 0, 2, 0, 1
    ]


def test_the_dashboard_links_each_organisations_report_and_the_filtered_csv(
    wg_client, shared_round
):
    response = wg_client.get(dashboard_url(shared_round.round, kind="charity"))

    page = response.content.decode()
    assert f'href="{csv_url(shared_round.round, kind="charity")}"' in page
    for name in (RIVERSIDE, WESTBROOK):
        assert f'href="{report_url(shared_round[name])}"' in page
    for name in (NORTHGATE, EASTFIELD):
        assert f'href="{report_url(shared_round[name])}"' not in page


def test_an_empty_round_says_nobody_has_shared_yet(wg_client, midlands):
    Assessment.objects.filter(round=midlands).delete()

    response = wg_client.get(dashboard_url(midlands))

    assert response.status_code == 200
    assert "No organisation has shared its results in this round yet." in words(response)
    assert svg_charts(response) == []


# Queries do not grow with the number of organisations ---------------------------------------

# Measured on PostgreSQL: the same for 1 and for 200 organisations (see the test below).
# Each count includes the session, the person and their permission (three queries); reading a
# page does not save a fresh session (assessment/sessions.py). The framework's principles and
# rungs come from the cache (one read). The dashboard counts the organisations and lists one
# page of them, rather than listing them all; its figures are kept in the cache under the
# round's fingerprint (three queries: shared assessments, reviews, agreed positions), and worked
# out only when that changes. Looking for an earlier round to show movement since takes one
# more (assessment/round_movement.py; none here).
DASHBOARD_BUILD_QUERIES = 23
DASHBOARD_QUERIES = 12
CSV_QUERIES = 12  # one more for the "I don't know" counts
HOME_QUERIES = 6


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_csv_and_home_make_as_many_queries_for_200_organisations_as_for_one(
    wg_client, framework, django_assert_max_num_queries
):
    bench = Round.objects.create(
        name="Bench", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    add_shared_organisations(bench, framework, 1)
    # The dashboard twice: its figures worked out, then from the cache.
    urls = [dashboard_url(bench), dashboard_url(bench), csv_url(bench), reverse("working_group")]
    wg_client.get(urls[-1])  # the session, once
    contents(framework.pk)  # the framework's content into the cache, once
    for_one = [queries_for(wg_client, url) for url in urls]

    add_shared_organisations(bench, framework, 199, start=1)
    for_200 = [queries_for(wg_client, url) for url in urls]

    expected = [DASHBOARD_BUILD_QUERIES, DASHBOARD_QUERIES, CSV_QUERIES, HOME_QUERIES]
    assert for_one == for_200 == expected
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = wg_client.get(urls[0])
    assert "200 organisations have shared their results in this round" in words(response)
    with django_assert_max_num_queries(CSV_QUERIES):
        response = wg_client.get(urls[2])
    assert len(rows_of(response)) == 1 + 200 * 6


def test_the_dashboard_lists_organisations_a_page_at_a_time_and_counts_them_all(
    wg_client, framework
):
    bench = Round.objects.create(
        name="Bench", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    add_shared_organisations(bench, framework, 130)

    first = wg_client.get(dashboard_url(bench))

    assert len(first.content) < 100_000
    assert "130 organisations have shared their results in this round" in words(first)
    assert len(table(first, ORGANISATIONS_TABLE)) == 1 + 50
    assert "Showing organisations 1 to 50 of 130." in words(first)
    assert 'href="?page=2#organisations" rel="next"' in first.content.decode()
    assert 'rel="prev"' not in first.content.decode()
    last = wg_client.get(dashboard_url(bench) + "?page=3")
    rows = table(last, ORGANISATIONS_TABLE)[1:]
    assert [row[0] for row in rows[:1]] == ["Bulk Organisation 100"]
    assert len(rows) == 30
    assert 'href="?page=2#organisations" rel="prev"' in last.content.decode()


def test_the_pages_of_organisations_keep_the_filters(wg_client, framework):
    bench = Round.objects.create(
        name="Bench", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    add_shared_organisations(bench, framework, 160)  # every third a charity: 54 of them

    response = wg_client.get(dashboard_url(bench) + "?kind=charity")

    assert "54 organisations match these filters" in words(response)
    assert 'href="?kind=charity&amp;page=2#organisations" rel="next"' in response.content.decode()
    second = wg_client.get(dashboard_url(bench) + "?kind=charity&page=2")
    assert "54 organisations match these filters" in words(second)
    listed = table(second, f"{ORGANISATIONS_TABLE} and match these filters")[1:]
    assert [row[1].split(",")[0] for row in listed] == ["Charity"] * 4


# The figures are kept in the cache: every change to what they count shows at once ------------

SHARED = "{} organisations have shared their results in this round"


def test_an_assessment_shared_into_the_round_is_counted_at_once(wg_client, shared_round):
    assert SHARED.format(4) in words(wg_client.get(dashboard_url(shared_round.round)))

    hidden = shared_round[HIDDEN]
    hidden.shared_with_working_group = True
    hidden.shared_at = timezone.now()
    hidden.save(update_fields=["shared_with_working_group", "shared_at"])

    assert SHARED.format(5) in words(wg_client.get(dashboard_url(shared_round.round)))


def test_withdrawn_sharing_leaves_the_figures_at_once(wg_client, shared_round):
    assert SHARED.format(4) in words(wg_client.get(dashboard_url(shared_round.round)))

    northgate = shared_round[NORTHGATE]
    northgate.shared_with_working_group = False
    northgate.shared_at = None
    northgate.save(update_fields=["shared_with_working_group", "shared_at"])

    response = wg_client.get(dashboard_url(shared_round.round))
    assert SHARED.format(3) in words(response)
    assert "1 of the 3 organisations has had a peer review submitted." in words(response)


def test_an_assessment_moved_into_the_round_is_counted_at_once(wg_client, shared_round):
    assert SHARED.format(4) in words(wg_client.get(dashboard_url(shared_round.round)))

    elsewhere = shared_round[ELSEWHERE]
    elsewhere.round = shared_round.round
    elsewhere.save(update_fields=["round"])

    assert SHARED.format(5) in words(wg_client.get(dashboard_url(shared_round.round)))


def test_a_review_submitted_later_shows_in_the_peer_figures_at_once(wg_client, shared_round):
    page = words(wg_client.get(dashboard_url(shared_round.round)))
    assert "2 of the 4 organisations have had a peer review submitted." in page

    # As PeerReview.submit does it: a conditional UPDATE, which sends no signal.
    PeerReview.objects.filter(assessment=shared_round[EASTFIELD]).update(
        submitted_at=timezone.now()
    )

    page = words(wg_client.get(dashboard_url(shared_round.round)))
    assert "3 of the 4 organisations have had a peer review submitted." in page


def test_filtered_figures_follow_a_change_of_type_at_once(wg_client, shared_round):
    charities = dashboard_url(shared_round.round, kind="charity")
    assert "2 organisations match these filters" in words(wg_client.get(charities))

    organisation = shared_round[NORTHGATE].organisation
    organisation.kind = "charity"
    organisation.save(update_fields=["kind"])

    assert "3 organisations match these filters" in words(wg_client.get(charities))


def test_a_working_group_member_with_no_organisation_lands_on_the_dashboards(wg_client):
    response = wg_client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("working_group")


def test_a_working_group_member_who_is_in_an_organisation_lands_on_home(
    wg_client, wg_member, organisation
):
    from tests.factories import add_member

    add_member(organisation, wg_member)

    assert wg_client.get(reverse("home")).status_code == 200


def test_the_summary_status_says_where_the_build_is_up_to(wg_client, london, clients):
    from django.utils import timezone

    from assessment.models import RoundSummary

    address = reverse("round_summary_status", args=[london.pk])
    assert wg_client.get(address).json() == {"status": "none"}
    summary = RoundSummary.objects.create(
        round=london,
        status=RoundSummary.Status.RUNNING,
        organisations_done=2,
        organisations_total=5,
        heartbeat_at=timezone.now(),
    )

    assert wg_client.get(address).json() == {"status": "running", "done": 2, "total": 5}
    page = wg_client.get(reverse("round_summary", args=[london.pk])).content.decode()
    assert f'data-status-url="{address}"' in page
    assert "js/summary-status" in page
    RoundSummary.objects.filter(pk=summary.pk).update(status=RoundSummary.Status.DONE)
    assert wg_client.get(address).json()["status"] == "done"
    for who in ("organisation_admin", "staff_only", "stranger"):
        assert clients[who].get(address).status_code == 404, who
    assert clients["anonymous"].get(address).status_code == 302


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_rung_colours_darken_up_the_ladder_and_keep_black_numbers_readable():
    """An ordered palette reads in greyscale and for colour-blind readers: each rung below gold
    is clearly darker than the one before, and black text on each passes WCAG AA (4.5:1)."""
    from assessment.reports.charts import INK, RUNG_FILLS

    steps = [_luminance(fill) for fill in RUNG_FILLS[:-1]]
    ink = _luminance(INK)

    assert all(lower - higher >= 0.08 for lower, higher in itertools.pairwise(steps))
    for fill in RUNG_FILLS:
        assert (_luminance(fill) + 0.05) / (ink + 0.05) >= 4.5, fill
