from django.apps import AppConfig


class PrinciplesConfig(AppConfig):
    name = "principles"
    verbose_name = "Co-production framework"

    def ready(self) -> None:
        from . import signals  # noqa: F401
