"""App configuration for the debates app."""

from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = "Debates"

    def ready(self):
        from . import site_address  # noqa: F401  (registers its deploy check)
