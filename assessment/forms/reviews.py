"""Peer review forms: the organisation's side (position statement, inviting, agreeing) and the
reviewer's (about you, one rating per principle, overall feedback), plus offering to review."""

from datetime import UTC, datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    Field,
    Fieldset,
    Fluid,
    Layout,
    Submit,
)
from django import forms
from django.utils.html import escape, format_html

from ..models import EVIDENCE_MAX_LENGTH, Organisation, PeerReview, PositionStatement
from .base import gds_helper, version_field

MESSAGE_MAX_LENGTH = PeerReview._meta.get_field("message").max_length
CONFLICT_MAX_LENGTH = PeerReview._meta.get_field("conflict_details").max_length
ORGANISATION_MAX_LENGTH = PeerReview._meta.get_field("reviewer_organisation").max_length
AREAS_MAX_LENGTH = Organisation._meta.get_field("review_areas").max_length
YES_NO = [("yes", "Yes"), ("no", "No")]


def _textarea(name: str, max_length: int = EVIDENCE_MAX_LENGTH, rows: int = 5) -> Field:
    return Field.textarea(name, rows=rows, max_characters=max_length, threshold=75)


def _text(label: str, *, max_length: int = EVIDENCE_MAX_LENGTH, required=False, **kw):
    """A textarea field with GOV.UK-style messages."""
    messages = {"max_length": f"{label.split(' (')[0]} must be {max_length:,} characters or fewer"}
    messages.update(kw.pop("error_messages", {}))
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea,
        error_messages=messages,
        **kw,
    )


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class VersionedForm(forms.Form):
    """Carries the review's version when the page was loaded, so a save made from a stale page
    (another tab, or a second device) is caught instead of overwriting newer work."""

    version = version_field()

    def clean_version(self) -> int:
        try:
            return max(int(self.cleaned_data["version"]), -1)
        except (TypeError, ValueError):
            return -1


# The organisation's side ------------------------------------------------------------------


class PositionStatementForm(forms.ModelForm):
    """What the organisation tells its reviewer first. `version` (PositionStatement.version)
    catches two admins editing at once."""

    version = version_field()

    class Meta:
        model = PositionStatement
        fields = ["context", "proud_of", "look_at"]
        labels = {
            "context": "About your organisation and this service",
            "proud_of": "What you are proud of",
            "look_at": "What you would like the reviewer to look at",
        }
        help_texts = {
            "context": "Who you are, who uses the service, and anything a visitor would need to "
            "know to understand your answers.",
            "proud_of": "Where you think co-production works well, with examples.",
            "look_at": "Questions you would like an outside view on, or where you think you "
            "may be rating yourselves too kindly.",
        }
        error_messages = {
            "context": {"required": "Tell the reviewer about your organisation and this service"},
            "proud_of": {"required": "Tell the reviewer what you are proud of"},
            "look_at": {"required": "Tell the reviewer what you would like them to look at"},
        }
        widgets = {
            "context": forms.Textarea,
            "proud_of": forms.Textarea,
            "look_at": forms.Textarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            label = self.Meta.labels[name]
            self.fields[name].error_messages["max_length"] = (
                f"{label} must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
            )
        self.helper = gds_helper(
            _textarea("context", rows=6),
            _textarea("proud_of", rows=6),
            _textarea("look_at", rows=6),
            "version",
            submit="Save the position statement",
        )


class ReviewerInvitationForm(forms.Form):
    email = forms.EmailField(
        label="The reviewer's email address",
        max_length=254,
        help_text="We will email them a link that works once, for 14 days. They will need an "
        "account with this address to accept.",
        error_messages={
            "required": "Enter the reviewer's email address",
            "invalid": "Enter an email address in the right format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    message = _text(
        "A personal message (optional)",
        max_length=MESSAGE_MAX_LENGTH,
        help_text="For example, why you have asked them, and when you would like the review "
        "back. We add it to the email.",
        error_messages={
            "max_length": f"The message must be {MESSAGE_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            _textarea("message", MESSAGE_MAX_LENGTH),
            submit="Send the invitation",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        organisation = self.assessment.organisation
        if organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                f"This person is a member of {organisation.name}. A peer reviewer must come "
                "from another organisation."
            )
        if (
            PeerReview.objects.live()
            .filter(assessment=self.assessment, email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError(
                "This person has already been invited to review this assessment. To send the "
                "email again, use Re-send in the list of reviewers."
            )
        return email


class AgreedPositionsForm(forms.Form):
    """One agreed rung (or none yet) and a note for each principle. `version` is
    AgreedRung.fingerprint of the agreed positions when the page was loaded."""

    version = version_field()

    def __init__(self, *args, comparisons, rungs, **kwargs):
        super().__init__(*args, **kwargs)
        self.comparisons = comparisons
        self.rungs = {str(rung.position): rung for rung in rungs}
        choices = [("", "Not agreed yet")] + [
            (str(rung.position), f"{rung.position}. {rung.name}") for rung in rungs
        ]
        layout = []
        for comparison in comparisons:
            slug = comparison.principle.slug
            self.fields[f"{slug}-rung"] = forms.ChoiceField(
                label="Agreed rung",
                choices=choices,
                required=False,
                help_text=_positions_hint(comparison),
                error_messages={"invalid_choice": "Choose a rung from the list"},
            )
            self.fields[f"{slug}-note"] = _text(
                "Note (optional)",
                help_text="What you agreed, and why. The reviewer will see it.",
                error_messages={
                    "max_length": f"The note must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
                },
            )
            layout.append(
                Fieldset(
                    Field.select(f"{slug}-rung"),
                    _textarea(f"{slug}-note", rows=3),
                    legend=escape(comparison.principle.name),
                    legend_size="m",
                    legend_tag="h2",
                )
            )
        self.helper = gds_helper(*layout, "version", submit="Save the agreed positions")

    def clean(self):
        cleaned = super().clean()
        for comparison in self.comparisons:
            slug = comparison.principle.slug
            if cleaned.get(f"{slug}-note") and not cleaned.get(f"{slug}-rung"):
                self.add_error(
                    f"{slug}-rung",
                    f"Choose the rung you agreed for {comparison.principle.name.lower()}, or "
                    "leave its note blank",
                )
        return cleaned

    @staticmethod
    def initial_for(comparisons, version: str) -> dict:
        """The positions agreed so far, and their `version` (AgreedRung.fingerprint)."""
        initial = {"version": version}
        for c in comparisons:
            if c.agreed:
                initial[f"{c.principle.slug}-rung"] = str(c.agreed.rung.position)
                initial[f"{c.principle.slug}-note"] = c.agreed.note
        return initial

    def positions(self) -> dict:
        return {
            c.principle: (
                self.rungs.get(self.cleaned_data[f"{c.principle.slug}-rung"]),
                self.cleaned_data[f"{c.principle.slug}-note"],
            )
            for c in self.comparisons
        }


def _positions_hint(comparison) -> str:
    def say(rung):
        return f"{rung.name} (rung {rung.position})" if rung else "no rung"

    return format_html(
        "You said {}. The reviewer said {}.", say(comparison.self_rung), say(comparison.peer_rung)
    )


class ReviewOfferForm(forms.Form):
    """Mutuality: whether the organisation will review others in return, and which."""

    willing = forms.TypedChoiceField(
        label="Is your organisation willing to review other organisations?",
        help_text="Other organisations looking for a peer reviewer will see your name, type "
        "and area, and can ask you.",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you are willing to review others"},
    )
    kinds = forms.MultipleChoiceField(
        label="If yes, which types of organisation could you review?",
        help_text="Select all that apply.",
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select types of organisation from the list"},
    )
    areas = forms.CharField(
        label="If yes, which areas could you review in? (optional)",
        help_text="For example: Riverside, Eastfield. Leave this blank if you could review "
        "anywhere.",
        max_length=AREAS_MAX_LENGTH,
        required=False,
        error_messages={"max_length": f"Areas must be {AREAS_MAX_LENGTH} characters or fewer"},
    )

    def __init__(self, *args, organisation, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "willing": _yes_no(organisation.willing_to_review),
                "kinds": organisation.review_kinds,
                "areas": organisation.review_areas,
            },
        )
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Plain radios, not a conditional reveal: GOV.UK Frontend's reveal puts aria-expanded
        # on radio inputs, which axe reports as a WCAG failure.
        self.helper = gds_helper(
            Field.radios("willing", legend_size="m", inline=True),
            Field.checkboxes("kinds", legend_size="s", small=True),
            Field.text("areas", field_width=Fluid.TWO_THIRDS),
            submit="Save",
        )

    def clean_areas(self) -> str:
        return " ".join(self.cleaned_data["areas"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("willing") and not cleaned.get("kinds") and "kinds" not in self.errors:
            self.add_error("kinds", "Select at least one type of organisation you could review")
        return cleaned

    def offer(self) -> dict:
        """What the organisation offers, for Organisation.offer_to_review."""
        return {
            "willing": self.cleaned_data["willing"],
            "kinds": self.cleaned_data["kinds"],
            "areas": self.cleaned_data["areas"],
        }


class ReviewerSearchForm(forms.Form):
    """Filters for the list of organisations willing to review (sent with GET)."""

    kind = forms.ChoiceField(
        label="Type of organisation they could review",
        choices=[("", "Any type"), *Organisation.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type of organisation from the list"},
    )
    area = forms.CharField(label="Area", max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.select("kind"),
            Field.text("area", field_width=Fluid.ONE_HALF),
            # No name: the button adds nothing to the address.
            Button("", "Show organisations", css_id="show", css_class="govuk-button--secondary"),
        )

    def filters(self) -> dict:
        """The filters that were given and are valid (an invalid one is shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v.strip() for k, v in self.cleaned_data.items() if v and v.strip()}


# The reviewer's side ----------------------------------------------------------------------


class ReviewerAboutYouForm(VersionedForm):
    organisation = forms.CharField(
        label="Which organisation are you from?",
        help_text="The organisation you review for. It is shown to the organisation you review.",
        max_length=ORGANISATION_MAX_LENGTH,
        error_messages={
            "required": "Enter the name of your organisation",
            "max_length": f"The name must be {ORGANISATION_MAX_LENGTH} characters or fewer",
        },
    )
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest?",
        help_text="For example, you work for them, fund them, compete with them for funding, "
        "or a close friend or family member works there.",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a conflict of interest"},
    )
    conflict_details = _text(
        "If yes, describe the conflict of interest",
        max_length=CONFLICT_MAX_LENGTH,
        help_text="The organisation will see this. A conflict does not stop you reviewing.",
        error_messages={
            "max_length": f"The description must be {CONFLICT_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.helper = gds_helper(
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.radios("has_conflict", legend_size="m", inline=True),
            _textarea("conflict_details", CONFLICT_MAX_LENGTH, rows=3),
            "version",
            submit="Save and continue",
        )

    def clean_organisation(self) -> str:
        name = " ".join(self.cleaned_data["organisation"].split())
        if not name:
            raise forms.ValidationError("Enter the name of your organisation")
        return name

    def clean(self):
        cleaned = super().clean()
        details = cleaned.get("conflict_details", "").strip()
        if cleaned.get("has_conflict") and not details and "conflict_details" not in self.errors:
            self.add_error("conflict_details", "Describe the conflict of interest")
        return cleaned

    @staticmethod
    def initial_for(review) -> dict:
        """What the reviewer saved, or, the first time, the organisation they belong to."""
        organisation = review.reviewer_organisation
        if not organisation and review.reviewer_id:
            organisation = (
                review.reviewer.memberships.order_by("joined_at")
                .values_list("organisation__name", flat=True)
                .first()
            ) or ""
        return {
            "version": review.version,
            "organisation": organisation,
            "has_conflict": _yes_no(review.has_conflict),
            "conflict_details": review.conflict_details,
        }


class RatingForm(VersionedForm):
    """The reviewer's rung for one principle (descriptors shown), what they saw and one
    suggestion. Everything may be left for later; submitting needs a rung for every principle."""

    comment = _text(
        "What you saw (optional)",
        help_text="The evidence that puts them on this rung: what people wrote, and anything "
        "you have seen yourself.",
        error_messages={
            "max_length": f"What you saw must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
        },
    )
    suggestion = _text(
        "One suggestion (optional)",
        help_text="One thing that would help them climb a rung.",
        error_messages={
            "max_length": f"The suggestion must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, principle, rungs, descriptors, **kwargs):
        super().__init__(*args, **kwargs)
        self.rungs = {rung.position: rung for rung in rungs}
        by_rung = {d.rung_id: d.text for d in descriptors}
        self.fields["rung"] = forms.TypedChoiceField(
            label=escape(f"Where would you place them on the ladder for {principle.name.lower()}?"),
            help_text="Choose the rung that best describes what happens now.",
            choices=[
                Choice(
                    rung.position,
                    f"{rung.position}. {rung.name}"
                    f"{' (the gold standard)' if rung.is_gold_standard else ''}",
                    hint=by_rung.get(rung.pk, rung.summary),
                )
                for rung in sorted(rungs, key=lambda r: -r.position)
            ],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose a rung from the list"},
        )
        self.order_fields(["version", "rung", "comment", "suggestion"])
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("rung", legend_size="m", legend_tag="h2"),
            _textarea("comment"),
            _textarea("suggestion", rows=3),
            "version",
            Submit("continue", "Save and continue"),
            Button("later", "Save and come back later", css_class="govuk-button--secondary"),
        )

    def chosen_rung(self):
        return self.rungs.get(self.cleaned_data.get("rung"))

    @staticmethod
    def initial_for(review, rating) -> dict:
        if rating is None:
            return {"version": review.version}
        return {
            "version": review.version,
            "rung": rating.rung.position if rating.rung_id else None,
            "comment": rating.comment,
            "suggestion": rating.suggestion,
        }


class FeedbackForm(VersionedForm):
    strengths = _text(
        "Strengths (optional)",
        help_text="What the organisation does well in co-producing its services.",
        error_messages={
            "max_length": f"Strengths must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
        },
    )
    areas_to_develop = _text(
        "Areas to develop (optional)",
        help_text="Where it could go further. This goes into the organisation's report.",
        error_messages={
            "max_length": f"Areas to develop must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            _textarea("strengths", rows=6),
            _textarea("areas_to_develop", rows=6),
            "version",
            Submit("continue", "Save and continue"),
            Button("later", "Save and come back later", css_class="govuk-button--secondary"),
        )

    @staticmethod
    def initial_for(review) -> dict:
        return {
            "version": review.version,
            "strengths": review.strengths,
            "areas_to_develop": review.areas_to_develop,
        }


class AgreedPositionForm(forms.Form):
    """Answer one agreed position as it was when the page was loaded: `version`
    (AgreedRung.version) is when it was recorded, cleaned to a moment, or None if it is not one
    we could have written (the browser sends it back, so anything else is a stale or tampered
    page)."""

    version = version_field()

    def clean_version(self) -> datetime | None:
        try:
            moment = datetime.fromisoformat(self.cleaned_data["version"])
            if moment.tzinfo is None:
                return None
            return moment.astimezone(UTC)
        except (TypeError, ValueError, OverflowError):
            return None


class DissentForm(AgreedPositionForm):
    dissent = _text(
        "Why do you disagree?",
        required=True,
        help_text="The organisation will see this next to the position it recorded.",
        error_messages={
            "required": "Say why you disagree with this position",
            "max_length": f"Your reason must be {EVIDENCE_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(_textarea("dissent"), "version", submit="Send your response")


class DeclineReviewForm(forms.Form):
    reason = _text(
        "Why are you declining? (optional)",
        help_text="The organisation will see this. You do not have to say.",
        max_length=1000,
        error_messages={"max_length": "Your reason must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            _textarea("reason", max_length=1000), submit="Decline the invitation"
        )


class ConfirmAllForm(forms.Form):
    """Confirm every agreed position waiting for the reviewer, as they were when the page was
    loaded (`version`: AgreedRung.fingerprint)."""

    version = version_field()
