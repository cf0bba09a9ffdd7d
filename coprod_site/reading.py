"""How a person likes to read the site: larger text, chosen with a link (no JavaScript needed)
and remembered in a cookie, on every page. Easy read uses the larger text unless the person
chose the standard size."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from principles.views import easy_read

TEXT_SIZE_COOKIE = "text_size"
LARGER, STANDARD = "larger", "standard"
# A year: a setting people choose once.
REMEMBERED_FOR = 60 * 60 * 24 * 365


def text_size(request):
    """Set the text size and go back to the page the link was on."""
    size = LARGER if request.GET.get("size") == LARGER else STANDARD
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("home")
    response = HttpResponseRedirect(back)
    response.set_cookie(
        TEXT_SIZE_COOKIE,
        size,
        max_age=REMEMBERED_FOR,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def larger_text(request) -> bool:
    chosen = request.COOKIES.get(TEXT_SIZE_COOKIE)
    if chosen in (LARGER, STANDARD):
        return chosen == LARGER
    return bool(request.session.get("easy_read")) if hasattr(request, "session") else False


def reading(request) -> dict:
    """For every page: easy read or not (chosen with ?view=easy-read, see
    principles.views.easy_read), and whether to show the larger text."""
    wording = easy_read(request) if hasattr(request, "session") else False
    return {"easy_read": wording, "larger_text": larger_text(request)}
