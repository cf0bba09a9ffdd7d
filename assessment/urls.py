from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms.accounts import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .views import accounts, answering, assessments, organisations, results, reviews, working_group

ORG = "organisations/<int:org>/"
ASSESSMENT = f"{ORG}assessments/<int:pk>/"
RESPONDENT = f"{ASSESSMENT}people/<int:respondent>/"

urlpatterns = [
    path("", organisations.home, name="home"),
    # Accounts
    path("account/create/", accounts.signup, name="signup"),
    path(
        "account/sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("account/sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "account/password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Organisations
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:org>/", organisations.organisation_detail, name="organisation"),
    path(
        "organisations/<int:org>/edit/", organisations.organisation_edit, name="organisation_edit"
    ),
    path("organisations/<int:org>/switch/", organisations.switch_organisation, name="switch"),
    path("organisations/<int:org>/invite/", organisations.invite_member, name="invite_member"),
    path(
        "organisations/<int:org>/invitations/<int:pk>/cancel/",
        organisations.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "organisations/<int:org>/members/<int:pk>/role/",
        organisations.change_role,
        name="change_role",
    ),
    path(
        "organisations/<int:org>/members/<int:pk>/remove/",
        organisations.remove_member,
        name="remove_member",
    ),
    path(
        "join/switch-account/",
        organisations.switch_account_for_invitation,
        name="switch_account_for_invitation",
    ),
    path("join/<str:token>/", organisations.open_invitation, name="open_invitation"),
    path("join/", organisations.respond_to_invitation, name="respond_to_invitation"),
    path("account/keep-alive/", accounts.keep_alive, name="keep_alive"),
    # Assessments: starting, inviting, closing (organisation admins)
    path(f"{ORG}assessments/new/", assessments.assessment_create, name="assessment_create"),
    path(f"{ASSESSMENT}", assessments.assessment_detail, name="assessment"),
    path(f"{ASSESSMENT}people/colleagues/", assessments.add_colleagues, name="add_colleagues"),
    path(f"{ASSESSMENT}people/link/", assessments.add_link_respondent, name="add_link_respondent"),
    path(f"{RESPONDENT}remind/", assessments.remind_respondent, name="remind_respondent"),
    path(f"{RESPONDENT}cancel/", assessments.cancel_respondent, name="cancel_respondent"),
    path(f"{RESPONDENT}reopen/", assessments.reopen_response, name="reopen_response"),
    path(f"{ASSESSMENT}close/", assessments.close_assessment, name="close_assessment"),
    # Results (members)
    path(f"{ASSESSMENT}results/", results.results, name="results"),
    path(
        f"{ASSESSMENT}results/<slug:principle>/",
        results.results_principle,
        name="results_principle",
    ),
    path(f"{ASSESSMENT}results.csv", results.results_csv, name="results_csv"),
    path(f"{ASSESSMENT}results.pdf", results.results_pdf, name="results_pdf"),
    # Answering: colleagues through the assessment, others through a personal link
    path(f"{ASSESSMENT}answer/", include((answering.urlpatterns, "answer"), namespace="colleague")),
    path("respond/<str:token>/", answering.open_personal_link, name="open_personal_link"),
    path("your-answers/", include((answering.urlpatterns, "answer"), namespace="link")),
]

# Peer review and the working group keep their URLs beside their views.
urlpatterns += reviews.urlpatterns + working_group.urlpatterns
