"""Forms for an organisation's action plan: an action, and what happened to it since."""

from crispy_forms_gds.layout import Field, Fluid
from django import forms
from django.db.models import Q

from principles.models import Principle

from ..models import Action, User
from .base import gds_helper
from .working_group import RoundDateField


class DueDateField(RoundDateField):
    """A date typed as day, month and year, which may be left empty."""

    def __init__(self):
        super().__init__("Due date (optional)", "For example, 31 3 2027")
        self.required = False
        self.name = "due date"
        self.error_messages["incomplete"] = "Enter the due date in full, or leave it empty"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        return super().compress(data_list)


STATUS_CHOICES = [(value, label) for value, label in Action.Status.choices]


def _plain(text: str) -> str:
    return " ".join(text.split())


class ActionForm(forms.ModelForm):
    due_date = DueDateField()

    class Meta:
        model = Action
        fields = ["principle", "what", "owner", "owner_name", "due_date", "status", "notes"]
        labels = {
            "principle": "Which principle is it for?",
            "what": "What will you do?",
            "owner": "Who leads it?",
            "owner_name": "Or type the name of someone else (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "what": f"One short sentence, up to {Action.WHAT_MAX} characters.",
            "owner": "Someone in your organisation. They can get a weekly email about it.",
            "owner_name": "For someone without an account, such as a volunteer.",
            "notes": f"What has happened so far, up to {Action.NOTES_MAX} characters.",
        }
        widgets = {
            "status": forms.RadioSelect,
            "what": forms.TextInput,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "principle": {"required": "Choose the principle it is for"},
            "what": {
                "required": "Enter what you will do",
                "max_length": f"What you will do must be {Action.WHAT_MAX} characters or fewer",
            },
            "owner": {"invalid_choice": "Choose someone from the list"},
            "owner_name": {
                "max_length": f"The name must be {Action.OWNER_NAME_MAX} characters or fewer"
            },
            "status": {"required": "Choose how it is going"},
            "notes": {"max_length": f"Notes must be {Action.NOTES_MAX} characters or fewer"},
        }

    def __init__(self, *args, organisation, framework_id: int, submit: str = "Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = Principle.objects.filter(
            framework_id=framework_id
        ).order_by("position")
        self.fields["principle"].empty_label = None
        self.fields["principle"].widget = forms.RadioSelect()
        self.fields["principle"].widget.choices = self.fields["principle"].choices
        members = Q(memberships__organisation=organisation, is_active=True)
        if self.instance.owner_id:  # someone who has left keeps their place until changed
            members |= Q(pk=self.instance.owner_id)
        self.fields["owner"].queryset = User.objects.filter(members).distinct().order_by("name")
        self.fields["owner"].empty_label = "Someone else, or nobody yet"
        self.fields["status"].choices = STATUS_CHOICES
        self.helper = gds_helper(
            Field.radios("principle", legend_size="s"),
            Field.text("what", field_width=Fluid.FULL),
            Field.select("owner"),
            Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
            Field("due_date"),
            Field.radios("status", legend_size="s", small=True),
            Field.textarea("notes", max_characters=Action.NOTES_MAX),
            submit=submit,
        )

    def clean_what(self) -> str:
        return _plain(self.cleaned_data["what"])

    def clean_owner_name(self) -> str:
        return _plain(self.cleaned_data["owner_name"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") and cleaned.get("owner_name"):
            self.add_error(
                "owner_name",
                "Choose someone from the list or type a name, not both. To type a name, choose "
                '"Someone else, or nobody yet" in the list',
            )
        return cleaned


class FollowUpForm(forms.ModelForm):
    """What happened to an earlier action, asked by the next assessment."""

    class Meta:
        model = Action
        fields = ["status", "notes"]
        labels = {"status": "How is it going?", "notes": "What happened? (optional)"}
        help_texts = {"notes": f"Up to {Action.NOTES_MAX} characters."}
        widgets = {"status": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "status": {"required": "Choose how it is going"},
            "notes": {"max_length": f"Notes must be {Action.NOTES_MAX} characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = STATUS_CHOICES
        self.helper = gds_helper(
            Field.radios("status", legend_size="m"),
            Field.textarea("notes", max_characters=Action.NOTES_MAX),
            submit="Save",
        )


class DigestForm(forms.ModelForm):
    """Whether someone gets the weekly email about the actions they lead."""

    class Meta:
        model = User
        fields = ["action_digest"]
        labels = {"action_digest": "Send me a weekly email about the actions I lead"}
        help_texts = {
            "action_digest": "Once a week, and only when you lead actions that are not done "
            "yet: what they are, and which are overdue."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.checkbox("action_digest"), submit="Save")
