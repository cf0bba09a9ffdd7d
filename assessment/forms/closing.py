"""What the admin tells everyone who answered, written when closing an assessment."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from ..models.assessments import CLOSING_MESSAGE_MAX_LENGTH


class ClosingMessageForm(forms.Form):
    """Optional, plain text, a few sentences: shown on everyone's "What we found" page. Part of
    the close page's form (no form tag of its own)."""

    closing_message = forms.CharField(
        label="A message for everyone who answered (optional)",
        help_text="They see it after you close, with what you found. Say what you plan to do "
        "next. Use short sentences: some people read in easy read.",
        required=False,
        max_length=CLOSING_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The message must be {CLOSING_MESSAGE_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("closing_message", rows=4, max_characters=CLOSING_MESSAGE_MAX_LENGTH)
        )

    def clean_closing_message(self) -> str:
        return self.cleaned_data["closing_message"].strip()
