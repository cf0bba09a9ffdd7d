"""The working group's dashboards and downloads: only assessments shared with it."""

urlpatterns = []
