from django.urls import path

from . import library

app_name = "library"
urlpatterns = [
    path("", library.case_study_list, name="case_studies"),
    path("<slug:slug>/", library.case_study_detail, name="case_study"),
]
