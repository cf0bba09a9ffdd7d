"""Peer review: inviting a critical friend, their blind review, and the agreed position."""

urlpatterns = []
