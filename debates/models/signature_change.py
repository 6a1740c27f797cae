"""A reader's change of the signature they post under, kept for moderators."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureChange(models.Model):
    """One change of signature: from what, to what, when, and whether the reader's
    earlier comments were re-signed (otherwise they keep the signature they were
    posted under, `Comment.signed_name`)."""

    author = models.ForeignKey(
        "debates.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="signature_changes",
    )
    old_name = models.CharField(verbose_name=_("old name"), max_length=100)
    old_place = models.CharField(
        verbose_name=_("old place"), max_length=100, blank=True
    )
    new_name = models.CharField(verbose_name=_("new name"), max_length=100)
    new_place = models.CharField(
        verbose_name=_("new place"), max_length=100, blank=True
    )
    resigned = models.BooleanField(
        _("earlier comments re-signed"),
        help_text=_("Off: the comments posted before keep the old signature."),
    )
    changed_at = models.DateTimeField(
        verbose_name=_("changed at"), default=timezone.now
    )

    class Meta:
        verbose_name = _("signature change")
        verbose_name_plural = _("signature changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        old = ", ".join(filter(None, [self.old_name, self.old_place]))
        new = ", ".join(filter(None, [self.new_name, self.new_place]))
        return f"{old} → {new}"
