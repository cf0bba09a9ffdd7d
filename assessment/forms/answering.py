"""The forms people answer an assessment with: about you, and one section per principle."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Fluid, Layout, Submit
from django import forms

from ..models import EVIDENCE_MAX_LENGTH, Extent, Perspective
from ..tokens import CODE_LENGTH, typed_code
from . import wording
from .base import gds_helper

# The order the scale is offered in: from the least to the most, then "don't know".
SCALE = [Extent.NOT_YET, Extent.A_LITTLE, Extent.MOSTLY, Extent.FULLY, Extent.DONT_KNOW]


class OwnedForm(forms.Form):
    """Carries a signed note of whose response the page shows. If the session ends before a
    save, what was typed is kept, and given back only to the same person (never to whoever
    uses the browser next)."""

    owner = forms.CharField(widget=forms.HiddenInput, required=False)


class AboutYouForm(OwnedForm):
    name = forms.CharField(label="Your name", max_length=150)
    perspective = forms.ChoiceField(
        label="Which best describes you, for this assessment?",
        help_text="Your answers are shown alongside others who answer from the same point of view.",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which best describes you"},
    )
    agreed_to_be_named = forms.BooleanField(
        label="A peer reviewer from another organisation may see my name next to my examples",
        required=False,
        help_text="If you leave this unticked, they see your examples without your name.",
    )

    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if easy_read:
            self._use_easy_read()
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("perspective", legend_size="s"),
            Field.checkbox("agreed_to_be_named"),
            "owner",
            submit="Save and continue",
        )

    def _use_easy_read(self):
        easy = wording.EASY_READ
        name, perspective, named = (
            self.fields[f] for f in ("name", "perspective", "agreed_to_be_named")
        )
        name.label = easy["name_label"]
        name.error_messages["required"] = easy["name_required"]
        perspective.label = easy["perspective_label"]
        perspective.help_text = easy["perspective_hint"]
        perspective.choices = [(p.value, wording.PERSPECTIVES[p]) for p in Perspective]
        perspective.error_messages["required"] = easy["perspective_required"]
        named.label = easy["named_label"]
        named.help_text = easy["named_hint"]


def extent_field(code: str) -> str:
    return f"{code}-extent"


def evidence_field(code: str) -> str:
    return f"{code}-evidence"


class SectionForm(OwnedForm):
    """One principle: each reflection question on the scale with an optional example, then the
    rung of the ladder. Every field may be left for later; the section is complete when all are
    answered. `version` catches saves made from a page that has gone stale."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "invalid": "This page was out of date. Check your answers below and save again.",
            "min_value": "This page was out of date. Check your answers below and save again.",
            "required": "This page was out of date. Check your answers below and save again.",
        },
    )

    def __init__(
        self, *args, principle, questions, rungs, descriptors, easy_read=False, audience, **kw
    ):
        super().__init__(*args, **kw)
        words = wording.words(easy_read)
        if easy_read:
            for code in ("invalid", "min_value", "required"):
                self.fields["version"].error_messages[code] = words["out_of_date"]
        self.questions = questions
        self.rungs = {rung.position: rung for rung in rungs}
        layout = []
        for number, question in enumerate(questions, start=1):
            text = question.wording(audience, easy_read)
            self.fields[extent_field(question.code)] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=[(e.value, e.label) for e in SCALE],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[evidence_field(question.code)] = forms.CharField(
                label=words["evidence_label"].format(number=number),
                help_text=words["evidence_hint"],
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea,
                error_messages={
                    "max_length": wording.too_long(
                        words["example_for"].format(number=number), easy_read
                    )
                },
            )
            layout.append(
                Div(
                    Field.radios(extent_field(question.code), legend_size="s", inline=True),
                    Field.textarea(
                        evidence_field(question.code),
                        rows=3,
                        max_characters=EVIDENCE_MAX_LENGTH,
                        threshold=75,
                    ),
                    css_class="coprod-question",
                )
            )
        by_rung = {d.rung_id: d for d in descriptors}
        self.fields["rung"] = forms.TypedChoiceField(
            label=wording.rung_question(audience, principle, easy_read),
            help_text=words["rung_hint"],
            choices=[
                Choice(
                    rung.position,
                    wording.rung_label(rung, easy_read),
                    hint=_descriptor_text(by_rung.get(rung.pk), easy_read),
                )
                for rung in sorted(rungs, key=lambda r: -r.position)
            ],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["rung_evidence"] = forms.CharField(
            label=words["rung_evidence_label"],
            help_text=words["rung_evidence_hint"],
            required=False,
            max_length=EVIDENCE_MAX_LENGTH,
            widget=forms.Textarea,
            error_messages={"max_length": wording.too_long(words["why_rung"], easy_read)},
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": "", "data-autosave": ""}
        self.helper.layout = Layout(
            *layout,
            Field.radios("rung", legend_size="m", legend_tag="h2"),
            Field.textarea(
                "rung_evidence", rows=3, max_characters=EVIDENCE_MAX_LENGTH, threshold=75
            ),
            "version",
            "owner",
            HTML(
                '<p class="govuk-body coprod-autosave-status" data-autosave-status '
                'aria-live="polite"></p>'
            ),
            Submit("continue", "Save and continue"),
            Button("later", "Save and come back later", css_class="govuk-button--secondary"),
        )

    def answers(self) -> list[tuple]:
        """(question, extent, evidence) for each question, from the cleaned data."""
        return [
            (
                question,
                self.cleaned_data.get(extent_field(question.code)),
                self.cleaned_data.get(evidence_field(question.code), ""),
            )
            for question in self.questions
        ]

    def chosen_rung(self):
        return self.rungs.get(self.cleaned_data.get("rung"))


def _descriptor_text(descriptor, easy_read: bool) -> str:
    if descriptor is None:
        return ""
    return descriptor.easy_read if easy_read else descriptor.text


class CodeForm(forms.Form):
    """A personal link's short code, typed in: spaces, dashes and small letters are fine."""

    code = forms.CharField(
        label="Your code",
        max_length=20,
        help_text="It has 8 letters and numbers, like ABCD-EFGH. It is in your letter or email.",
        error_messages={
            "required": "Enter your code",
            "max_length": "Your code has 8 letters and numbers, like ABCD-EFGH",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        )
        self.helper = gds_helper(
            Field.text("code", field_width=Fluid.ONE_QUARTER), submit="Continue"
        )

    def clean_code(self) -> str:
        code = typed_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError("Your code has 8 letters and numbers, like ABCD-EFGH")
        return code
