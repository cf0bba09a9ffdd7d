from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit


def gds_helper(*fields, submit: str, **attrs) -> FormHelper:
    """A GOV.UK-styled form helper: the given layout objects, then one submit button."""
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    helper.attrs = {"novalidate": "", **attrs}
    return helper
