"""App configuration for the debates app."""

from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = "Debates"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .models import freshness

        freshness.connect()
