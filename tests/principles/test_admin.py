"""The Django admin as the working group's back office for framework content."""

import pytest
from django.urls import reverse

from principles.models import Descriptor, Framework, Principle, Question

FRAMEWORK_LIST = reverse("admin:principles_framework_changelist")


@pytest.fixture
def superuser(staff):
    staff.is_superuser = True
    staff.save()
    return staff


@pytest.fixture
def back_office(client, superuser):
    """A browser signed in as a working-group member with full rights in the back office."""
    client.force_login(superuser)
    return client


def principle_form(principle, **changes):
    """The fields of the admin's principle change form, as the browser would post them."""
    return {
        "framework": principle.framework_id,
        "slug": principle.slug,
        "position": principle.position,
        "name": principle.name,
        "way_ahead_name": principle.way_ahead_name,
        "description": principle.description,
        "plain_english": principle.plain_english,
        "easy_read_name": principle.easy_read_name,
        "easy_read": principle.easy_read,
        "_save": "Save",
        **changes,
    }


def change_url(obj):
    return reverse(f"admin:principles_{obj._meta.model_name}_change", args=[obj.pk])


def test_anonymous_visitors_are_sent_to_the_admin_login(client, framework):
    for url in (reverse("admin:index"), FRAMEWORK_LIST):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_signed_in_user_who_is_not_staff_cannot_use_the_back_office(client, stranger, framework):
    client.force_login(stranger)

    for url in (reverse("admin:index"), FRAMEWORK_LIST):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_without_permissions_cannot_see_the_framework(client, staff, framework):
    client.force_login(staff)

    response = client.get(FRAMEWORK_LIST)

    assert response.status_code == 403


def test_a_superuser_sees_the_framework_list(back_office, framework):
    response = back_office.get(FRAMEWORK_LIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert "2026.1" in page
    assert "Co-production self-assessment framework" in page
    assert "Make a new draft version to edit" in page


def test_the_change_page_of_a_published_principle_is_read_only(back_office, framework):
    principle = framework.principles.get(slug="people-as-assets")

    response = back_office.get(change_url(principle))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Recognising people as assets" in page
    assert 'name="_save"' not in page
    assert 'name="name"' not in page


def test_posting_a_change_to_a_published_principle_is_refused_and_changes_nothing(
    back_office, framework
):
    principle = framework.principles.get(slug="people-as-assets")

    response = back_office.post(
        change_url(principle), principle_form(principle, name="Renamed in the back office")
    )

    assert response.status_code == 403
    principle.refresh_from_db()
    assert principle.name == "Recognising people as assets"


def test_a_published_principle_cannot_be_deleted_in_the_back_office(back_office, framework):
    principle = framework.principles.get(slug="people-as-assets")
    url = reverse("admin:principles_principle_delete", args=[principle.pk])

    response = back_office.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert Principle.objects.filter(pk=principle.pk).exists()


def test_a_published_framework_cannot_be_deleted_or_renamed_in_the_back_office(
    back_office, framework
):
    delete = back_office.post(
        reverse("admin:principles_framework_delete", args=[framework.pk]), {"post": "yes"}
    )
    back_office.post(
        change_url(framework),
        {"version": "9999.9", "name": "Renamed", "introduction": "New", "_save": "Save"},
    )

    assert delete.status_code == 403
    framework.refresh_from_db()
    assert framework.version == "2026.1"
    assert framework.name == "Co-production self-assessment framework"
    assert framework.is_published


def test_adding_a_question_to_a_published_principle_is_refused_with_a_form_error(
    back_office, framework
):
    """The form must say why, rather than pass validation and then fail when saving."""
    principle = framework.principles.get(slug="people-as-assets")
    count = Question.objects.count()

    response = back_office.post(
        reverse("admin:principles_question_add"),
        {
            "principle": principle.pk,
            "code": "cp-99",
            "position": 9,
            "text": "A question added after publication?",
            "plain_english": "Added late?",
            "source": "coprod",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "published" in response.content.decode()
    assert Question.objects.count() == count


def test_the_make_new_draft_action_creates_an_unpublished_copy(back_office, framework):
    response = back_office.post(
        FRAMEWORK_LIST,
        {
            "action": "make_new_draft",
            "_selected_action": [framework.pk],
            "select_across": "0",
            "index": "0",
        },
    )

    assert response.status_code == 302
    drafts = Framework.objects.exclude(pk=framework.pk)
    assert drafts.count() == 1
    draft = drafts.get()
    assert not draft.is_published
    assert draft.principles.count() == 6
    assert draft.rungs.count() == 7
    assert Descriptor.objects.filter(principle__framework=draft).count() == 42
    assert Question.objects.filter(principle__framework=draft).count() == (
        Question.objects.filter(principle__framework=framework).count()
    )
    framework.refresh_from_db()
    assert framework.is_published
    assert Framework.objects.current() == framework


def test_a_draft_principle_can_be_edited_through_the_admin_change_form(back_office, framework):
    draft = framework.new_draft("2026.2")
    principle = draft.principles.get(slug="people-as-assets")

    response = back_office.post(
        change_url(principle),
        principle_form(principle, plain_english="People are partners with a lot to give."),
    )

    assert response.status_code == 302
    principle.refresh_from_db()
    assert principle.plain_english == "People are partners with a lot to give."
    original = framework.principles.get(slug="people-as-assets")
    assert original.plain_english == (
        "People who use services are equal partners with a lot to offer, "
        "not just people needing help."
    )


def test_a_draft_principle_cannot_be_moved_into_a_published_framework(back_office, framework):
    draft = framework.new_draft("2026.2")
    principle = draft.principles.get(slug="people-as-assets")

    response = back_office.post(
        change_url(principle),
        principle_form(principle, framework=framework.pk, slug="moved-in"),
    )

    assert response.status_code == 200
    assert "published" in response.content.decode()
    principle.refresh_from_db()
    assert principle.framework == draft
    assert principle.slug == "people-as-assets"


def test_the_publish_action_publishes_a_draft_and_makes_it_current(back_office, framework):
    draft = framework.new_draft("2026.2")

    response = back_office.post(
        FRAMEWORK_LIST,
        {"action": "publish", "_selected_action": [draft.pk], "select_across": "0", "index": "0"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert Framework.objects.current() == draft
