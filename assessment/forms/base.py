from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit


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


def stale_form(form_class, data, *, fresh: dict, message: str, **kwargs):
    """`form_class` bound again to what the person sent, with `fresh` (what is saved now, in the
    form's hidden field) put in, and `message` above it. A save made from a page that went stale
    saves nothing and loses nothing: what they typed is still in the form, and saving again
    keeps it."""
    data = data.copy()
    for name, value in fresh.items():
        data[name] = value
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form
