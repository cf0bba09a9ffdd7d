"""Sign up, sign in and password forms, styled with the GOV.UK Design System."""

from crispy_forms_gds.layout import HTML, Field, Fluid
from django import forms
from django.contrib.auth import forms as auth_forms

from ..models import User
from .base import gds_helper

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            _password("password"),
            NEXT,
            submit="Sign in",
        )


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
