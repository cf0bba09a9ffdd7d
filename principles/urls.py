from django.urls import path

from . import views

app_name = "principles"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:slug>/", views.principle_detail, name="principle"),
]
