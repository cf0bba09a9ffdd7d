"""Peer review: inviting a critical friend, their blind review, and the agreed position."""

from django.http import Http404
from django.urls import path

ASSESSMENT = "organisations/<int:org>/assessments/<int:pk>/"


def peer_reviews(request, org, pk):
    raise Http404


def willing_reviewers(request, org):
    raise Http404


def review_offer(request, org):
    raise Http404


def my_reviews(request):
    raise Http404


urlpatterns = [
    path(f"{ASSESSMENT}review/", peer_reviews, name="peer_reviews"),
    path("organisations/<int:org>/reviewers/", willing_reviewers, name="willing_reviewers"),
    path("organisations/<int:org>/reviewing/", review_offer, name="review_offer"),
    path("reviews/", my_reviews, name="my_reviews"),
]
