"""Entering a paper questionnaire on someone's behalf: who they are, then the answering forms.

The sections are the answering pages' own `SectionForm`, so a paper response is checked and
saved exactly as one typed in by its author; only the buttons and the form tag differ, since
an admin may enter one section at a time or every section on one page.
"""

from crispy_forms_gds.layout import HTML, Button, Field, Fluid, Layout, Submit
from django import forms

from ..models import Perspective
from .answering import SectionForm
from .base import gds_helper


class PaperRespondentForm(forms.Form):
    name = forms.CharField(
        label="Their name (optional)",
        max_length=150,
        required=False,
        help_text="As written on the questionnaire. Leave it blank if they did not give it.",
    )
    perspective = forms.ChoiceField(
        label="Which best describes them, as they ticked on the questionnaire?",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which best describes the person who answered"},
    )
    agreed_to_be_quoted = forms.ChoiceField(
        label="May their examples be shown?",
        help_text="As they ticked under About you on the questionnaire. If they ticked neither "
        "box, their examples stay in your own records.",
        choices=[
            ("yes", "Yes: they ticked that their examples may be shown, without their name"),
            ("no", "No, or they ticked neither: keep their examples in our own records"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they agreed to their examples being shown"},
    )
    agreed_to_be_named = forms.BooleanField(
        label="They ticked that a peer reviewer may see their name next to their examples",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("perspective", legend_size="s"),
            Field.radios("agreed_to_be_quoted", legend_size="s"),
            Field.checkbox("agreed_to_be_named"),
            submit="Continue to their answers",
        )

    def clean_agreed_to_be_quoted(self) -> bool:
        """Consent is what they ticked, never assumed: only "yes" shows their examples."""
        return self.cleaned_data["agreed_to_be_quoted"] == "yes"

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agreed_to_be_named") and not cleaned.get("name"):
            self.add_error(
                "agreed_to_be_named",
                "Enter their name, or untick this: nobody can be named without a name",
            )
        return cleaned


def paper_section_form(data=None, **kwargs) -> SectionForm:
    """The answering page's form for one principle, laid out to sit inside a page's own form:
    no form tag, no autosave and none of its buttons (the page has its own)."""
    form = SectionForm(data, **kwargs)
    helper = form.helper
    helper.form_tag = False
    helper.attrs = {}
    helper.layout = Layout(
        *(item for item in helper.layout.fields if not isinstance(item, HTML | Button | Submit))
    )
    return form
