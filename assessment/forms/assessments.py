"""Forms an organisation admin uses to start an assessment and choose who answers it."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid
from django import forms

from ..models import Assessment, User
from .base import gds_helper

MESSAGE_MAX_LENGTH = 1000


def _submit_once(helper):
    """Have GOV.UK Frontend ignore a second click, which would otherwise create twice."""
    helper.layout[-1].flat_attrs += ' data-module="govuk-button" data-prevent-double-click="true"'
    return helper


def _tidy(value: str) -> str:
    """One line, single spaces: titles and names are shown in headings, tables and emails."""
    return " ".join(value.split())


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "service"]
        labels = {"title": "Give the assessment a name", "service": "Service or programme"}
        help_texts = {
            "title": "For example: Spring 2027. Everyone who answers will see it.",
            "service": "Optional. Leave this blank if the assessment covers your whole "
            "organisation.",
        }
        error_messages = {
            "title": {
                "required": "Enter a name for the assessment",
                "max_length": "The name must be 120 characters or fewer",
            },
            "service": {"max_length": "The service or programme must be 200 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _submit_once(
            gds_helper(
                Field.text("title", field_width=Fluid.TWO_THIRDS),
                Field.text("service", field_width=Fluid.TWO_THIRDS),
                submit="Start the assessment",
            )
        )

    def clean_title(self) -> str:
        title = _tidy(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Enter a name for the assessment")
        return title

    def clean_service(self) -> str:
        return _tidy(self.cleaned_data["service"])


class AddColleaguesForm(forms.Form):
    """Choose members of the organisation who do not answer this assessment yet."""

    people = forms.TypedMultipleChoiceField(
        label="Who should answer?",
        help_text="Select everyone who should answer. We will email each of them a link.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one colleague",
            "invalid_choice": "Select colleagues from the list",
        },
    )

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["people"].choices = [
            Choice(user.pk, user.name or user.email, hint=user.email) for user in candidates
        ]
        self.helper = gds_helper(
            Field.checkboxes("people", legend_size="m"),
            submit="Add and email them",
        )

    def chosen(self) -> list[User]:
        return [self.candidates[pk] for pk in self.cleaned_data["people"]]


class LinkRespondentForm(forms.Form):
    """Someone without an account: a person who uses services, a volunteer, a carer, a partner."""

    name = forms.CharField(
        label="Their name",
        max_length=150,
        help_text="So you know who is who. They can change it when they answer.",
        error_messages={
            "required": "Enter their name",
            "max_length": "Their name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Their email address (optional)",
        max_length=254,
        required=False,
        help_text="If you give one, we will email them their personal link. If not, you can "
        "give them the link yourself.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    message = forms.CharField(
        label="A short message to go with the email (optional)",
        help_text="For example, why their views matter to you. We add it to the email.",
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The message must be {MESSAGE_MAX_LENGTH} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = _submit_once(
            gds_helper(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                Field.textarea("message", rows=4, max_characters=MESSAGE_MAX_LENGTH, threshold=75),
                submit="Create their personal link",
            )
        )

    def clean_name(self) -> str:
        name = _tidy(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter their name")
        return name

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("message") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "message",
                "We can only send a message by email. Add their email address, or leave the "
                "message blank",
            )
        return cleaned
