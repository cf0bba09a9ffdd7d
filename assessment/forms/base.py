from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms


def gds_helper(*fields, submit: str, **attrs) -> FormHelper:
    """A GOV.UK-styled form helper: the given layout objects, then one submit button."""
    helper = FormHelper()
    helper.layout = Layout(
        *fields,
        # GOV.UK Frontend ignores a second click within a second, so one press sends once.
        Submit("submit", submit, data_module="govuk-button", data_prevent_double_click="true"),
    )
    helper.attrs = {"novalidate": "", **attrs}
    return helper


# Optimistic concurrency, one name for it everywhere: a form that saves over earlier work carries
# a hidden `version`, the version of what is saved that the page was drawn from (a number that
# goes up with every save, a time it was last saved, or a digest of several rows, as the model
# gives it). The model saves only if that is still what is saved; otherwise the view shows the
# form again with `stale_form`, and the JavaScript autosave keeps `version` current.


def version_field() -> forms.CharField:
    """The hidden `version`. Never an error of its own: a missing or mangled one counts as
    stale, and the view says so above the form."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


def stale_form(form_class, data, *, version, message: str, **kwargs):
    """`form_class` bound again to what the person sent, with the `version` saved now in its
    hidden field, and `message` above it. A save made from a page that went stale saves nothing
    and loses nothing: what they typed is still in the form, and saving again keeps it."""
    data = data.copy()
    data["version"] = version
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form
