"""Forms for the case-study library: finding studies, depositing one, and deciding on it."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from .models import CaseStudy


def _principle_choices(principles) -> list[tuple[str, str]]:
    return [(p.slug, p.name) for p in principles]


def _submit(label: str, *, secondary: bool = False) -> Submit:
    # GOV.UK Frontend ignores a second click within a second, so one press sends once.
    css = "govuk-button--secondary" if secondary else ""
    return Submit(
        "submit",
        label,
        css_class=css,
        data_module="govuk-button",
        data_prevent_double_click="true",
    )


class LibraryFilterForm(forms.Form):
    """Search and narrow the library (GET); filters combine."""

    q = forms.CharField(
        label="Search",
        help_text="Words to look for, for example: mental health, time bank, young people.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The search must be 200 characters or fewer"},
    )
    principle = forms.ChoiceField(
        label="Principle it shows",
        required=False,
        error_messages={"invalid_choice": "Choose a principle from the list"},
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=[("", "All sectors"), *CaseStudy.Sector.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a sector from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind of co-production",
        choices=[("", "All kinds"), *CaseStudy.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of co-production from the list"},
    )
    place = forms.CharField(
        label="Place",
        help_text="A town, borough or area, for example Hackney.",
        max_length=CaseStudy.PLACE_MAX,
        required=False,
        error_messages={
            "max_length": f"The place must be {CaseStudy.PLACE_MAX} characters or fewer"
        },
    )

    def __init__(self, *args, principles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].choices = [
            ("", "All principles"),
            *_principle_choices(principles),
        ]
        # The page wraps the fields in its own GET form, whose button sends no name of its own.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: the token must not go into the address
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.FULL),
            Field.select("principle"),
            Field.select("sector"),
            Field.select("kind"),
            Field.text("place", field_width=Fluid.TWO_THIRDS),
        )

    def filters(self) -> dict[str, str]:
        """The filters that were chosen and make sense; a tampered one is left out (and its
        error shown), the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value.strip()
            for name, value in self.cleaned_data.items()
            if value and value.strip()
        }


class CaseStudyForm(forms.ModelForm):
    """What an organisation writes when it deposits a case study, or changes one sent back.

    Plain text: shown exactly as typed (escaped), with line breaks kept.
    """

    principles = forms.MultipleChoiceField(
        label="Which principles does it show?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one principle it shows",
            "invalid_choice": "Choose principles from the list",
        },
    )

    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "summary",
            "what_changed",
            "sector",
            "kind",
            "place",
            "contact",
            "contact_consent",
        ]
        labels = {
            "title": "Title",
            "summary": "What did you do, and who took part?",
            "what_changed": "What changed as a result?",
            "sector": "Which sector is it in?",
            "kind": "What kind of co-production was it mostly?",
            "place": "Where did it happen?",
            "contact": "Contact for people who want to know more (optional)",
            "contact_consent": "You may share this contact on the public page",
        }
        help_texts = {
            "title": "A short name, for example: Young people's stop and search group.",
            "summary": "In plain words, for someone who has never heard of it.",
            "what_changed": "For the people who use the service, and for your organisation.",
            "kind": "Co-commissioning: deciding together what to fund. Co-design: planning a "
            "service together. Co-delivery: running it together. Co-assessment: checking "
            "together how well it works.",
            "place": "A town, borough or area, for example Hackney.",
            "contact": "A name with an email address or phone number. Only ask someone who "
            "has agreed to be contacted.",
        }
        error_messages = {
            "title": {
                "required": "Enter a title",
                "max_length": f"The title must be {CaseStudy.TITLE_MAX} characters or fewer",
            },
            "summary": {
                "required": "Enter what you did and who took part",
                "max_length": f"What you did must be {CaseStudy.TEXT_MAX} characters or fewer",
            },
            "what_changed": {
                "required": "Enter what changed as a result",
                "max_length": f"What changed must be {CaseStudy.TEXT_MAX} characters or fewer",
            },
            "sector": {
                "required": "Select the sector it is in",
                "invalid_choice": "Select a sector from the list",
            },
            "kind": {
                "required": "Select the kind of co-production it was",
                "invalid_choice": "Select a kind of co-production from the list",
            },
            "place": {
                "required": "Enter where it happened",
                "max_length": f"The place must be {CaseStudy.PLACE_MAX} characters or fewer",
            },
            "contact": {
                "max_length": f"The contact must be {CaseStudy.CONTACT_MAX} characters or fewer"
            },
        }
        widgets = {
            "sector": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "summary": forms.Textarea,
            "what_changed": forms.Textarea,
        }

    def __init__(self, *args, principles, submit: str = "Send for approval", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = _principle_choices(principles)
        self.fields["sector"].choices = CaseStudy.Sector.choices
        self.fields["kind"].choices = CaseStudy.Kind.choices
        if self.instance.pk:
            self.initial.setdefault("principles", self.instance.principle_slugs())
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("summary", rows=6, max_characters=CaseStudy.TEXT_MAX, threshold=75),
            Field.textarea("what_changed", rows=6, max_characters=CaseStudy.TEXT_MAX, threshold=75),
            Field.checkboxes("principles", legend_size=Size.SMALL),
            Field.radios("sector", legend_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("place", field_width=Fluid.TWO_THIRDS),
            Field.text("contact", field_width=Fluid.FULL),
            Field.checkbox("contact_consent"),
            _submit(submit),
        )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter a title")
        return title

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact", "").strip()
        cleaned["contact"] = contact
        if contact and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                "Tick the box to say we may share this contact, or leave the contact empty",
            )
        if not contact:
            cleaned["contact_consent"] = False
        return cleaned

    @property
    def principle_slugs(self) -> list[str]:
        return self.cleaned_data["principles"]


class SendBackForm(forms.Form):
    """Why a working-group member is returning a study to its submitter."""

    reason = forms.CharField(
        label="Why are you sending it back?",
        help_text="The person who sent it reads this in an email. Say what to change.",
        max_length=CaseStudy.REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are sending it back",
            "max_length": f"The reason must be {CaseStudy.REASON_MAX} characters or fewer",
        },
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.textarea("reason", rows=4, max_characters=CaseStudy.REASON_MAX, threshold=75),
            _submit("Send it back", secondary=True),
        )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are sending it back")
        return reason
