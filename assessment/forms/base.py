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
