"""App configuration for the debates app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = _("Debates")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .models import Author, Comment, DebateTranslation, freshness
        from .models.comment import index_on_load
        from .privacy.archived import keep_erasures_on_load
        from .privacy.closing import keep_account_on_sign_in

        freshness.connect()
        user_logged_in.connect(keep_account_on_sign_in, dispatch_uid="keep-account")
        for model in (Author, Comment):
            pre_save.connect(keep_erasures_on_load, sender=model, weak=False)
        # After the erasures are kept: the text it indexes is the one saved.
        for model in (Comment, DebateTranslation):
            pre_save.connect(index_on_load, sender=model, weak=False)
