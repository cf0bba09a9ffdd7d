"""Forms for the working group: sharing an assessment with it, its rounds, dashboard filters."""

from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms
from django.core.validators import RegexValidator

from ..models import Assessment, Organisation, Round
from .base import gds_helper

SHARE_YES, SHARE_NO = "yes", "no"


class SharingForm(forms.Form):
    """Whether an organisation shares a closed assessment's results with the working group,
    and which round they belong to. Used on the sharing page and when closing an assessment."""

    share = forms.ChoiceField(
        label="Share the results with the working group?",
        help_text="The working group sees the rungs your organisation reached, can download "
        "your report, and adds your results to summaries of many organisations. You can stop "
        "sharing at any time.",
        choices=[
            Choice(SHARE_YES, "Yes, share the results"),
            Choice(SHARE_NO, "No, do not share them", hint="The working group will not see them."),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you want to share the results with the working group",
            "invalid_choice": "Select yes or no",
        },
    )
    round = forms.ModelChoiceField(
        label="Which round are the results part of? (optional)",
        help_text="The working group compares organisations round by round. Leave this as it "
        "is if you are not sure.",
        queryset=Round.objects.order_by("-starts_on", "name"),
        required=False,
        empty_label="Not part of a round",
        error_messages={"invalid_choice": "Choose a round from the list"},
    )

    def __init__(self, *args, assessment: Assessment, closing: bool = False, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if not closing:
            initial.setdefault(
                "share", SHARE_YES if assessment.shared_with_working_group else SHARE_NO
            )
        initial.setdefault("round", assessment.round_id)
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        if closing:
            # Closing must not hang on this question: left unanswered, nothing is shared.
            self.fields["share"].required = False
            self.fields[
                "share"
            ].help_text += (
                " If you do not answer, the results are not shared; you can share them later."
            )
        fields = [Field.radios("share", legend_size="m")]
        if self.fields["round"].queryset.exists():
            fields.append(Field.select("round"))
        else:
            del self.fields["round"]
        if closing:
            # The closing page has its own button ("Close the assessment") and form tag.
            self.helper = FormHelper()
            self.helper.layout = Layout(*fields)
            self.helper.form_tag = False
        else:
            self.helper = gds_helper(*fields, submit="Save")

    @property
    def shares(self) -> bool:
        return self.cleaned_data["share"] == SHARE_YES

    @property
    def chosen_round(self) -> Round | None:
        """The round chosen, or the one it is in when the form does not ask."""
        return self.cleaned_data.get("round", self.assessment.round)


class RoundDateField(DateInputField):
    """A date typed as day, month and year, for a round: a real date between 2000 and 2100,
    or a message saying what is wrong (never the library's own words, never a crash on a
    year with forty digits)."""

    FIRST_YEAR, LAST_YEAR = 2000, 2100

    def __init__(self, label: str, help_text: str):
        super().__init__(label=label, help_text=help_text, require_all_fields=False)
        self.name = label.lower()
        self.error_messages.update(
            required=f"Enter the {self.name}", incomplete=f"Enter the {self.name} in full"
        )
        numbers = RegexValidator(r"^[0-9]+\Z", f"The {self.name} must be numbers, like 1 4 2027")
        for part in self.fields:
            part.validators = [numbers]

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        # Lengths first: Python refuses to read a number of thousands of digits.
        if len(year) > 4 or not self.FIRST_YEAR <= int(year) <= self.LAST_YEAR:
            raise forms.ValidationError(
                f"The year of the {self.name} must be between {self.FIRST_YEAR} and "
                f"{self.LAST_YEAR}"
            )
        if len(day) > 2 or len(month) > 2:
            raise forms.ValidationError(f"The {self.name} must be a real date")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"The {self.name} must be a real date") from None


class RoundForm(forms.ModelForm):
    starts_on = RoundDateField("Start date", "For example, 1 4 2026")
    ends_on = RoundDateField("End date", "For example, 31 3 2027")

    class Meta:
        model = Round
        fields = ["name", "starts_on", "ends_on", "description"]
        labels = {"name": "Name of the round", "description": "Description (optional)"}
        help_texts = {
            "name": "For example: London 2026/27. Organisations see it when they share results.",
            "description": "What the round is for and who is taking part.",
        }
        error_messages = {
            "name": {
                "required": "Enter a name for the round",
                "max_length": "The name must be 120 characters or fewer",
            },
            "description": {"max_length": "The description must be 2000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field("starts_on"),
            Field("ends_on"),
            Field.textarea("description", rows=4, max_characters=2000, threshold=75),
            submit="Create the round",
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the round")
        return name

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned


class DashboardFilterForm(forms.Form):
    """Narrow a round's dashboard to one type of organisation and one area (GET)."""

    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "All types"), *Organisation.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type of organisation from the list"},
    )
    area = forms.ChoiceField(
        label="Area or borough",
        required=False,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "All areas"), *((a, a) for a in areas)]
        # The page wraps the fields in its own GET form with an "Apply filters" button.
        self.helper = FormHelper()
        self.helper.layout = Layout(Field.select("kind"), Field.select("area"))
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: the token must not go into the address

    def filters(self) -> dict[str, str]:
        """The chosen filters, or none if the form was tampered with."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
