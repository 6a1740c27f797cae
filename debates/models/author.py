"""Authors: the signatures comments are printed under, with or without an account."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .choices import CommentStatus
from .freshness import FreshQuerySet
from .refusals import PostingRefused


def signed(name, place):
    """A signature as the forum's sentences write it: "Matt, San Francisco" in
    English; in Korean 김지우(부산), so that a sentence's 님 follows the name."""
    if not place:
        return name
    # Translators: a signature in sentences ("Matt, San Francisco replied…"). In
    # Korean the place goes in brackets, so that 님 follows the name: 김지우(부산) 님.
    return pgettext("signature", "%(name)s, %(place)s") % {"name": name, "place": place}


class AuthorQuerySet(FreshQuerySet):
    def archived(self):
        return self.filter(user__isnull=True, erased_at__isnull=True)

    def with_published_comments(self):
        """Authors with a published comment, each annotated with `last_posted_at`,
        their latest one posted here (None if all of them are archived)."""
        published = Q(comments__status=CommentStatus.PUBLISHED)
        posted_here = published & Q(comments__is_archived=False)
        return self.annotate(
            published_count=Count("comments", filter=published),
            last_posted_at=Max("comments__posted_at", filter=posted_here),
        ).filter(published_count__gt=0)

    def get_by_natural_key(self, name, place, erased_signature=None):
        """The archived author signing so; an archived reader whose signature was
        anonymised is still found by the one they signed with, so that loading the
        fixture again updates them rather than bringing the signature back. An
        erased author ("A reader, 2004", "A former reader") is named by its own
        digest or token as well, since many sign alike."""
        from ..privacy.archived import signature_digest

        if erased_signature:
            return self.get(user__isnull=True, erased_signature=erased_signature)
        try:
            return self.archived().get(name=name, place=place)
        except self.model.DoesNotExist:
            return self.get(
                user__isnull=True, erased_signature=signature_digest(name, place)
            )


class Author(models.Model):
    """A signature as printed under a comment: "Matt, San Francisco, USA".

    Archived authors have no account; a reader who signs up gets an Author of their own.
    Two authors with the same name and a different place are different people.
    """

    class Notification(models.TextChoices):
        """The kinds of email an author with an account may ask for."""

        # Translators: completes "You get this email because you asked to be
        # emailed …" and "Stop sending emails … to Matt?".
        REPLY = "reply", _("when someone replies to your comments")
        DECISION = "decision", _("when a moderator decides on your comments")

    name = models.CharField(verbose_name=_("name"), max_length=100)
    place = models.CharField(verbose_name=_("place"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    notify_on_reply = models.BooleanField(
        _("email me when someone replies to my comments"), default=False
    )
    notify_on_decision = models.BooleanField(
        _(
            "email me when a moderator approves, rejects, removes or restores my "
            "comments"
        ),
        default=False,
    )
    # Kept apart from the account's address so that changing the address leaves
    # the new one unconfirmed, with nothing to reset.
    confirmed_email = models.EmailField(
        verbose_name=_("confirmed email"),
        blank=True,
        editable=False,
        help_text=_(
            "The address this reader proved they read, by following the "
            "link emailed to it. Notifications go to no other."
        ),
    )

    closing_requested_at = models.DateTimeField(
        verbose_name=_("closing requested at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The reader asked to close their account; it is erased "
            "FORUM_CLOSING_DAYS later unless they sign in before."
        ),
    )
    closing_keeps_comments = models.BooleanField(
        verbose_name=_("closing keeps comments"),
        default=True,
        editable=False,
        help_text=_(
            "On closing, keep their published comments, signed "
            "“A former reader”, or remove them."
        ),
    )
    erased_at = models.DateTimeField(
        verbose_name=_("erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The account was closed and everything identifying erased, or an "
            "archived reader's signature anonymised at their request."
        ),
    )
    erased_signature = models.CharField(
        verbose_name=_("erased signature"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "A keyed digest of an anonymised archived signature, so a "
            "re-import finds this author and leaves the signature anonymised; for a "
            "closed account, a random token. Either way it tells apart authors who "
            "now sign alike."
        ),
    )
    record_cleared_at = models.DateTimeField(
        verbose_name=_("record cleared at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "A moderator cleared this poster's record: decisions before this "
            "no longer put their comments on review."
        ),
    )

    language = models.CharField(
        _("language of the forum"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language the reader chose for the forum's pages; blank: their "
            "browser's."
        ),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "place"],
                condition=Q(user__isnull=True, erased_at__isnull=True),
                name="unique_archived_author_signature",
            ),
        ]
        permissions = [("suspend_author", "Can suspend posters and lift suspensions")]

    def __str__(self):
        return self.signature

    def get_absolute_url(self):
        return reverse("debates:author", kwargs={"pk": self.pk})

    def natural_key(self):
        if self.erased_signature:
            return (self.name, self.place, self.erased_signature)
        return (self.name, self.place)

    @property
    def signature(self):
        return signed(self.name, self.place)

    @property
    def is_archived(self):
        """A 2004 reader: no account, and never had one here."""
        return self.user_id is None and self.erased_at is None

    @property
    def is_former_reader(self):
        return self.erased_at is not None

    @property
    def wants_emails(self):
        return self.notify_on_reply or self.notify_on_decision

    @property
    def email_confirmed(self):
        """Whether the account's address is the one this reader confirmed."""
        return (
            self.user is not None
            and self.confirmed_email != ""
            and self.user.email == self.confirmed_email
        )

    @property
    def awaits_confirmation(self):
        """Whether emails were chosen for an address not yet confirmed."""
        has_address = self.user is not None and self.user.email != ""
        return self.wants_emails and has_address and not self.email_confirmed

    def notification_address(self, kind):
        """The address to email about `kind` (an Author.Notification), or None if
        this author has not asked for it or has no confirmed address to send to:
        the forum never emails an address nobody has shown to be theirs."""
        if not getattr(self, f"notify_on_{kind}") or not self.email_confirmed:
            return None
        return self.user.email

    def stop_notifications(self, kinds):
        """Turn off the given kinds of email (Author.Notification values)."""
        fields = [f"notify_on_{kind}" for kind in kinds]
        for field in fields:
            setattr(self, field, False)
        self.save(update_fields=fields)

    def suspension_in_force(self, now=None):
        """The suspension that keeps this author from posting now, the one that
        ends last (an open-ended one first), or None: the one place that decides
        whether they may post, asked before they type and again when they send."""
        return (
            self.suspensions.in_force(now)
            .order_by(models.F("ends_at").desc(nulls_first=True))
            .select_related("rule")
            .first()
        )

    def suspension_to_show(self):
        """The suspension to show in the comment form's place, if any: asked only
        when the account was not loaded knowing there is none (see
        `backends.ReaderBackend`). Posting asks `ensure_may_post`, which always
        looks."""
        if getattr(self, "suspended_when_loaded", True):
            return self.suspension_in_force()
        return None

    def ensure_may_post(self, now=None):
        suspension = self.suspension_in_force(now)
        if suspension is not None:
            raise PostingRefused(suspension.refusal_message())

    def save_language(self, language):
        """Remember the interface language the reader chose."""
        if self.language != language:
            self.language = language
            self.save(update_fields=["language"])
