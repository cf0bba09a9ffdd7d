from django.contrib import admin
from django.urls import include, path

from .health import health
from .reading import text_size

admin.site.site_header = "Coprod back office"
admin.site.site_title = "Coprod back office"
admin.site.index_title = "Working group administration"

urlpatterns = [
    path("health/", health, name="health"),
    path("text-size/", text_size, name="text_size"),
    path("framework/", include("principles.urls")),
    path("case-studies/", include("principles.library_urls")),
    path("admin/", admin.site.urls),
    path("", include("assessment.urls")),
]
