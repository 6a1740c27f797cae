"""A reader's download of their own data: asked for, built by a worker, offered
for a limited time, then deleted."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DataExportQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class DataExport(models.Model):
    author = models.ForeignKey(
        "debates.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    requested_at = models.DateTimeField(
        verbose_name=_("requested at"), default=timezone.now
    )
    ready_at = models.DateTimeField(verbose_name=_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        verbose_name=_("expires at"),
    )
    content = models.TextField(
        verbose_name=_("content"),
        blank=True,
        help_text=_("The JSON document, once built."),
    )

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return gettext("Data of %(author)s asked for at %(requested_at)s") % {
            "author": self.author,
            "requested_at": f"{self.requested_at:%Y-%m-%d %H:%M}",
        }

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.requested_at + datetime.timedelta(
                hours=settings.FORUM_DATA_EXPORT_HOURS
            )
        super().save(*args, **kwargs)

    @property
    def is_ready(self):
        return self.ready_at is not None
