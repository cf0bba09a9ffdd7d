"""Sign up, sign in and password forms, styled with the GOV.UK Design System."""

from crispy_forms_gds.layout import HTML, Field, Fluid
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from .. import ratelimit
from ..models import User
from .base import gds_helper

# Failed sign-ins from one address, across every account, before it must wait (10 minutes):
# well above what a busy office mistypes, well below what guessing passwords needs.
SIGN_IN_FAILURES = "sign-in-failures"
SIGN_IN_FAILURES_PER_ADDRESS = 30

# Carries the page to return to after signing in or signing up.
NEXT = HTML('{% if next %}<input type="hidden" name="next" value="{{ next }}">{% endif %}')


def _password(field: str) -> Field:
    return Field.text(field, field_width=Fluid.TWO_THIRDS)


class SignupForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["name", "email"]
        help_texts = {"email": "You will use this to sign in."}
        error_messages = {
            "name": {"required": "Enter your full name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the right format, like name@example.org",
            },
        }

    def __init__(self, data=None, *args, invited_email: str | None = None, **kwargs):
        if invited_email and data is not None:
            # Whatever is posted, the account is for the address the invitation went to.
            data = data.copy()
            data["email"] = invited_email
        if invited_email:
            kwargs["initial"] = {**kwargs.get("initial", {}), "email": invited_email}
        super().__init__(data, *args, **kwargs)
        if invited_email:
            self.fields["email"].widget.attrs["readonly"] = True
            self.fields["email"].help_text = (
                "Your invitation was sent to this address, so your account uses it. You will "
                "use it to sign in."
            )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].label = "Type your password again"
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            _password("password1"),
            _password("password2"),
            NEXT,
            submit="Create account",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            # Saying so is unavoidable at sign-up; the reset and invitation pages never do.
            raise forms.ValidationError(
                "An account with this email address already exists. Sign in, or reset your "
                "password if you have forgotten it."
            )
        return email


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check them and try again; after five "
            "wrong tries the account is locked for an hour."
        ),
        "inactive": "This account has been closed.",
        "too_many": (
            "There have been too many wrong tries to sign in from your network. "
            "Wait 10 minutes, then try again."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        # No address is longer (RFC 5321); the sign-in records could not keep one that was.
        self.fields["username"].max_length = 254
        self.fields["username"].validators.append(MaxLengthValidator(254))
        self.fields["username"].error_messages["max_length"] = (
            "Enter an email address of 254 characters or fewer"
        )
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            _password("password"),
            NEXT,
            submit="Sign in",
        )

    def clean(self):
        """Besides the lockout of one account after five wrong tries (django-axes), stop an
        address that tries many accounts: checked before the password, so refused tries
        reveal nothing."""
        if ratelimit.reached_from_address(
            self.request, SIGN_IN_FAILURES, limit=SIGN_IN_FAILURES_PER_ADDRESS
        ):
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                ratelimit.count_from_address(self.request, SIGN_IN_FAILURES)
            raise


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            _password("old_password"),
            _password("new_password1"),
            _password("new_password2"),
            submit="Change password",
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), submit="Send me a reset link"
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            _password("new_password1"), _password("new_password2"), submit="Save new password"
        )
