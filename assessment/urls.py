"""Every URL of the assessment app, grouped by area. Anything under an organisation or an
assessment is fetched through access.py, which answers 404 to anyone it is not for."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms.accounts import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .views import (
    accounts,
    actions,
    answering,
    assessments,
    case_studies,
    data,
    guide,
    invitations,
    organisations,
    paper,
    results,
    reviews,
    working_group,
)

ORG = "organisations/<int:org>/"
ASSESSMENT = f"{ORG}assessments/<int:pk>/"
RESPONDENT = f"{ASSESSMENT}people/<int:respondent>/"
PAPER = f"{RESPONDENT}paper/"
REVIEW = "reviews/<int:review>/"
ROUND = "working-group/rounds/<int:round_id>/"

# One person's answers, under either of two namespaces (see the Answering group below).
answering_patterns = [
    path("", answering.task_list, name="task_list"),
    path("about-you/", answering.about_you, name="about_you"),
    path("check/", answering.check_answers, name="check"),
    path("submitted/", answering.submitted, name="submitted"),
    path("what-we-found/", answering.what_we_found, name="found"),
    path("<slug:principle>/", answering.section, name="section"),
]

urlpatterns = [
    path("", organisations.home, name="home"),
    # Accounts
    path("account/create/", accounts.signup, name="signup"),
    path("account/confirm-email/send/", accounts.send_confirmation, name="send_confirmation"),
    path("account/confirm-email/<str:token>/", accounts.confirm_email, name="confirm_email"),
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
        accounts.PasswordResetView.as_view(
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
    path("organisations/<int:org>/data/", data.organisation_data, name="organisation_data"),
    path(
        "organisations/<int:org>/data/export/",
        data.organisation_export,
        name="organisation_export",
    ),
    path("organisations/<int:org>/delete/", data.organisation_delete, name="organisation_delete"),
    path("organisations/<int:org>/invite/", organisations.invite_member, name="invite_member"),
    path(
        "organisations/<int:org>/invitations/<int:pk>/send-again/",
        organisations.resend_invitation,
        name="resend_invitation",
    ),
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
    # Invitation links: joining an organisation, reviewing one (switch-account and decline
    # first: "<str:token>" would match them too)
    path(
        "join/switch-account/",
        invitations.switch_account_for_invitation,
        name="switch_account_for_invitation",
    ),
    path("join/<str:token>/", invitations.open_invitation, name="open_invitation"),
    path("join/", invitations.respond_to_invitation, name="respond_to_invitation"),
    path(
        "invitations/<int:pk>/accept/",
        invitations.accept_waiting_invitation,
        name="accept_waiting_invitation",
    ),
    path(
        "review-invitations/switch-account/",
        invitations.switch_account_for_review,
        name="switch_account_for_review",
    ),
    path(
        "review-invitations/decline/",
        invitations.decline_review_invitation,
        name="decline_review_invitation",
    ),
    path(
        "review-invitations/<str:token>/",
        invitations.open_review_invitation,
        name="open_review_invitation",
    ),
    path(
        "review-invitations/",
        invitations.respond_to_review_invitation,
        name="respond_to_review_invitation",
    ),
    # Accounts: the time-out warning's "stay signed in"
    path("account/keep-alive/", accounts.keep_alive, name="keep_alive"),
    # Assessments: starting, inviting, closing (organisation admins)
    path(f"{ORG}assessments/new/", assessments.assessment_create, name="assessment_create"),
    path(f"{ASSESSMENT}", assessments.assessment_detail, name="assessment"),
    path(f"{ASSESSMENT}people/colleagues/", assessments.add_colleagues, name="add_colleagues"),
    path(
        f"{ASSESSMENT}people/invite/",
        invitations.invite_to_assessment,
        name="invite_to_assessment",
    ),
    path(f"{ASSESSMENT}people/link/", assessments.add_link_respondent, name="add_link_respondent"),
    path(f"{RESPONDENT}remind/", assessments.remind_respondent, name="remind_respondent"),
    path(f"{RESPONDENT}letter.pdf", assessments.personal_link_letter, name="personal_link_letter"),
    path(f"{RESPONDENT}cancel/", assessments.cancel_respondent, name="cancel_respondent"),
    path(f"{RESPONDENT}reopen/", assessments.reopen_response, name="reopen_response"),
    path(f"{ASSESSMENT}close/", assessments.close_assessment, name="close_assessment"),
    # Results (members)
    path(f"{ASSESSMENT}results/", results.results, name="results"),
    path(f"{ASSESSMENT}next-steps/", results.results_next_steps, name="results_next_steps"),
    path(
        f"{ASSESSMENT}results/<slug:principle>/",
        results.results_principle,
        name="results_principle",
    ),
    path(f"{ASSESSMENT}results.csv", results.results_csv, name="results_csv"),
    path(f"{ASSESSMENT}results.pdf", results.results_pdf, name="results_pdf"),
    # Action plans (members; deleting, admins)
    path(f"{ORG}actions/", actions.action_plan, name="action_plan"),
    path(f"{ORG}actions.csv", actions.actions_csv, name="actions_csv"),
    path(f"{ORG}actions/<int:pk>/", actions.action_edit, name="action_edit"),
    path(f"{ORG}actions/<int:pk>/delete/", actions.action_delete, name="action_delete"),
    path(f"{ASSESSMENT}actions/new/", actions.action_add, name="action_add"),
    path(
        f"{ASSESSMENT}actions/suggested/", actions.action_from_practice, name="action_from_practice"
    ),
    path(f"{ASSESSMENT}earlier-actions/", actions.earlier_actions, name="earlier_actions"),
    path(f"{ASSESSMENT}earlier-actions/<int:action>/", actions.follow_up, name="follow_up"),
    path("account/emails/", actions.digest_setting, name="digest_setting"),
    # Answering: colleagues through the assessment, others through a personal link
    path(f"{ASSESSMENT}answer/", include((answering_patterns, "answer"), namespace="colleague")),
    path("respond/<str:token>/", answering.open_personal_link, name="open_personal_link"),
    path("code/", answering.enter_code, name="enter_code"),
    path("your-answers/", include((answering_patterns, "answer"), namespace="link")),
    # Case studies: members deposit them, the working group decides (the library is public)
    path(f"{ORG}case-studies/new/", case_studies.deposit, name="deposit_case_study"),
    path("your-case-studies/", case_studies.your_case_studies, name="your_case_studies"),
    path("your-case-studies/<int:pk>/", case_studies.your_case_study, name="your_case_study"),
    path(
        "your-case-studies/<int:pk>/change/",
        case_studies.change_case_study,
        name="change_case_study",
    ),
    path("working-group/case-studies/", case_studies.case_study_queue, name="case_study_queue"),
    path(
        "working-group/case-studies/<int:pk>/",
        case_studies.moderate_case_study,
        name="moderate_case_study",
    ),
    path(
        "working-group/case-studies/<int:pk>/publish/",
        case_studies.publish_case_study,
        name="publish_case_study",
    ),
    path(
        "working-group/case-studies/<int:pk>/send-back/",
        case_studies.send_back_case_study,
        name="send_back_case_study",
    ),
    # Peer review, the organisation's side: position statement, reviewers, agreed positions
    path(f"{ASSESSMENT}review/", reviews.peer_reviews, name="peer_reviews"),
    path(f"{ASSESSMENT}review/statement/", reviews.position_statement, name="position_statement"),
    path(f"{ASSESSMENT}review/invite/", reviews.invite_reviewer, name="invite_reviewer"),
    path(f"{ASSESSMENT}review/<int:review>/resend/", reviews.resend_review, name="resend_review"),
    path(f"{ASSESSMENT}review/<int:review>/cancel/", reviews.revoke_review, name="revoke_review"),
    path(
        f"{ASSESSMENT}review/<int:review>/comparison/",
        reviews.review_comparison,
        name="review_comparison",
    ),
    path(f"{ASSESSMENT}review/<int:review>/agreed/", reviews.record_agreed, name="record_agreed"),
    path(f"{ORG}reviewers/", reviews.willing_reviewers, name="willing_reviewers"),
    path(f"{ORG}reviewing/", reviews.review_offer, name="review_offer"),
    # Peer review, the reviewer's workspace (only the reviewer who accepted)
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path(REVIEW, reviews.review_task_list, name="review_task_list"),
    path(f"{REVIEW}about-you/", reviews.review_about_you, name="review_about_you"),
    path(f"{REVIEW}organisation/", reviews.review_organisation, name="review_organisation"),
    path(
        f"{REVIEW}principles/<slug:principle>/",
        reviews.review_principle,
        name="review_principle",
    ),
    path(f"{REVIEW}feedback/", reviews.review_feedback, name="review_feedback"),
    path(f"{REVIEW}check/", reviews.review_check, name="review_check"),
    path(f"{REVIEW}submitted/", reviews.review_submitted, name="review_submitted"),
    path(f"{REVIEW}comparison/", reviews.reviewer_comparison, name="reviewer_comparison"),
    path(
        f"{REVIEW}agreed/confirm-all/",
        reviews.confirm_all_agreed,
        name="confirm_all_agreed",
    ),
    path(
        f"{REVIEW}agreed/<slug:principle>/confirm/",
        reviews.confirm_agreed,
        name="confirm_agreed",
    ),
    path(
        f"{REVIEW}agreed/<slug:principle>/respond/",
        reviews.dissent_agreed,
        name="dissent_agreed",
    ),
    # Sharing results with the working group (organisation admins)
    path(f"{ASSESSMENT}sharing/", working_group.sharing, name="sharing"),
    # The working group: rounds, dashboards, downloads (its members only)
    path("working-group/", working_group.dashboard, name="working_group"),
    path("working-group/rounds/new/", working_group.round_create, name="round_create"),
    path(ROUND, working_group.round_dashboard, name="round_dashboard"),
    path(f"{ROUND}scores.csv", working_group.round_scores_csv, name="round_scores_csv"),
    path(f"{ROUND}summary/", working_group.round_summary, name="round_summary"),
    path(
        f"{ROUND}summary/status/",
        working_group.round_summary_status,
        name="round_summary_status",
    ),
    path(
        f"{ROUND}summaries/<int:summary>.pdf",
        working_group.round_summary_pdf,
        name="round_summary_pdf",
    ),
    path(
        f"working-group/{ASSESSMENT}report.pdf",
        working_group.shared_report_pdf,
        name="working_group_report_pdf",
    ),
    # Paper questionnaires: printing them, and entering them on someone's behalf (admins)
    path(
        f"{ASSESSMENT}paper/questionnaire.pdf",
        paper.paper_questionnaire,
        name="paper_questionnaire",
    ),
    path(f"{ASSESSMENT}paper/new/", paper.paper_response_new, name="paper_response_new"),
    path(PAPER, paper.paper_response, name="paper_response"),
    path(f"{PAPER}every-section/", paper.paper_every_section, name="paper_every_section"),
    path(f"{PAPER}submit/", paper.paper_submit, name="paper_submit"),
    path(f"{PAPER}<slug:principle>/", paper.paper_section, name="paper_section"),
    # The facilitation guide (public)
    path("guide/", guide.guide, name="guide"),
    path("guide/guide.pdf", guide.guide_pdf, name="guide_pdf"),
]
