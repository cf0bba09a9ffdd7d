from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..access import RESPONDENT_SESSION_KEY
from ..forms.accounts import SignupForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            return redirect(next_url)
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


@require_POST
def keep_alive(request):
    """Called by the "stay signed in" button of the time-out warning: saving the session
    restarts its clock."""
    if not request.user.is_authenticated and RESPONDENT_SESSION_KEY not in request.session:
        return JsonResponse({"expires_in": 0}, status=401)  # the session has already ended
    request.session.modified = True
    return JsonResponse({"expires_in": request.session.get_expiry_age()})
