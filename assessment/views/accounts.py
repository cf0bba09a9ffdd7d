"""Signing up, confirming an email address, resetting a password, and keeping a session
alive."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import email_limits, emails
from ..access import RESPONDENT_SESSION_KEY
from ..forms.accounts import SignupForm
from ..models.accounts import ConfirmationError, User
from .invitations import JOIN, REVIEW, invitation_signing_up


def _safe_next(request, next_url: str) -> str | None:
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return None


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    next_url = request.POST.get("next") or request.GET.get("next", "")
    # From an invitation, the account is made for the address it was sent to: nothing else
    # could accept it.
    invitation = invitation_signing_up(request, next_url)
    form = SignupForm(
        request.POST if request.method == "POST" else None,
        invited_email=invitation.email if invitation else None,
    )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        _email_confirmation(request, user)
        return redirect(_safe_next(request, next_url) or "home")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _email_confirmation(request, user) -> None:
    try:
        email_limits.take(request, recipients=[user.email], account=True)
    except email_limits.LimitReached as reached:
        messages.error(request, f"We could not email a link to confirm {user.email}. {reached}")
        return
    if emails.send_email_confirmation(user):
        messages.success(
            request,
            f"We have emailed a link to {user.email}. Open it to confirm that the address is "
            "yours: you need to before you can accept an invitation.",
        )
    else:
        messages.error(
            request,
            f"We could not email a link to confirm {user.email}. You can ask for it again "
            "when you accept an invitation.",
        )


@login_required
@require_POST
def send_confirmation(request):
    """Email the link that confirms the person's address again (lost, expired, or never sent)."""
    user = request.user
    if user.has_confirmed_email:
        messages.info(request, f"You have already confirmed {user.email}.")
    else:
        _email_confirmation(request, user)
    return redirect(_safe_next(request, request.POST.get("next", "")) or "home")


@never_cache
def confirm_email(request, token):
    """The link from the email. Opening it only shows a button: mail scanners open links, and
    must not confirm an address for whoever made the account."""
    try:
        user = User.from_confirmation_token(token)
    except ConfirmationError as error:
        status = 410 if error.problem == "expired" else 404
        return render(
            request,
            "registration/confirm_email_problem.html",
            {"problem": error.problem},
            status=status,
        )
    if request.method == "POST" and not user.has_confirmed_email:
        user.confirm_email()
        messages.success(request, f"Thank you. You have confirmed {user.email}.")
        # Back to the invitation this browser was accepting, if any; else home, which shows
        # any invitations waiting for the address.
        for link in (JOIN, REVIEW):
            if request.session.get(link.session_key):
                return redirect(link.page)
        return redirect("home")
    return render(request, "registration/confirm_email.html", {"account": user})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, within the email limits. The limits count the address typed
    whether or not it has an account, so a refusal reveals nothing about it either."""

    def form_valid(self, form):
        try:
            email_limits.take(self.request, recipients=[form.cleaned_data["email"]], account=True)
        except email_limits.LimitReached as reached:
            form.add_error(None, reached.message)
            return self.form_invalid(form)
        return super().form_valid(form)


@require_POST
def keep_alive(request):
    """Called by the "stay signed in" button of the time-out warning: saving the session
    restarts its clock."""
    if not request.user.is_authenticated and RESPONDENT_SESSION_KEY not in request.session:
        return JsonResponse({"expires_in": 0}, status=401)  # the session has already ended
    request.session.modified = True
    return JsonResponse({"expires_in": request.session.get_expiry_age()})
