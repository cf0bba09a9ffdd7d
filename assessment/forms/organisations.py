from crispy_forms_gds.layout import Field, Fluid
from django import forms

from ..models import Invitation, Membership, Organisation
from .base import gds_helper


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "area", "size", "sector"]
        labels = {
            "name": "Name of your organisation",
            "size": "How many staff and volunteers?",
            "sector": "Which sector do you mainly work in? (optional)",
        }
        help_texts = {
            "sector": "We use it, with your size, to show how organisations like yours stand, "
            "without naming any of them.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "size": forms.RadioSelect,
            "sector": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": "Enter the name of your organisation"},
            "kind": {"required": "Select the type of organisation"},
            "area": {"required": "Enter the area or borough you mainly work in"},
            "size": {"required": "Select how many staff and volunteers you have"},
            "sector": {"invalid_choice": "Select a sector from the list, or none"},
        }

    def __init__(self, *args, submit: str = "Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Organisation.Kind.choices
        self.fields["size"].choices = Organisation.Size.choices
        self.fields["sector"].choices = Organisation._meta.get_field("sector").choices
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size="s"),
            Field.text("area", field_width=Fluid.TWO_THIRDS),
            Field.radios("size", legend_size="s"),
            Field.radios("sector", legend_size="s"),
            submit=submit,
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="We will email them a link to join. It works for 14 days, once.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="What can they do?",
        choices=[
            (Membership.Role.MEMBER, "Member: can take part in assessments"),
            (Membership.Role.ADMIN, "Admin: can also invite people and manage assessments"),
        ],
        widget=forms.RadioSelect,
        initial=Membership.Role.MEMBER,
        error_messages={"required": "Choose what they can do"},
    )

    def __init__(self, *args, organisation, assessment=None, **kwargs):
        """With an `assessment`, the invitation also asks them to answer it."""
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.assessment = assessment
        if assessment:
            self.fields[
                "email"
            ].help_text = (
                "We will email them a link to join and answer. It works for 14 days, once."
            )
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size="s"),
            submit="Send invitation",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            if self.assessment:
                raise forms.ValidationError(
                    "This person is already a member of your organisation. Choose them on the "
                    "“Add colleagues” page instead."
                )
            raise forms.ValidationError("This person is already a member of your organisation.")
        if self.organisation.invitations.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError(Invitation.ALREADY_WAITING)
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class DeleteOrganisationForm(forms.Form):
    """The second step of deleting an organisation: type its name, so nobody deletes one by a
    slip of the finger or the wrong tab."""

    name = forms.CharField(
        label="Type the organisation's name to confirm",
        max_length=200,
        error_messages={"required": "Type the organisation's name to confirm"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["name"].help_text = f"Type {organisation.name}"
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            submit=f"Delete {organisation.name} and everything it holds",
        )
        self.helper.layout[-1].field_classes += " govuk-button--warning"

    def clean_name(self) -> str:
        typed = " ".join(self.cleaned_data["name"].split())
        if typed.casefold() != " ".join(self.organisation.name.split()).casefold():
            raise forms.ValidationError(
                "The name you typed is not the organisation's name. Type it exactly as shown."
            )
        return typed
