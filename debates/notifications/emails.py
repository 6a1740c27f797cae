"""Emails readers ask for: replies to their comments and moderators' decisions.

An email goes out only if its recipient chose that kind and confirmed their address
(by following a link emailed to it, so nobody can sign a stranger up), never to
whoever caused it, and only once the change it reports has committed, so a
decision that is rolled back sends nothing: each email is written to the outbox in
the change's own transaction and sent by a task worker (see .outbox). Every email
ends with a link that stops it without signing in: the link's signed token is its
authority, and all it can do is turn emails off. Mail programs offer the same link
as a one-click unsubscribe (RFC 8058).

A worked example::

    remove_comment(comment=c, by=moderator, rule=rule)  # calls notify_decision
    # once it commits, c's author, if they asked, is emailed that a moderator
    # removed their comment, citing the rule and the note, with its permalink.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Author, Comment
from ..models.choices import ModerationVerb
from ..models.translation import ORIGINAL_LANGUAGE
from ..site_address import absolute_url
from .outbox import queue_email

UNSUBSCRIBE_SALT = "debates.notifications.unsubscribe"
CONFIRM_SALT = "debates.notifications.confirm"
CONFIRMATION_DAYS = 3
# An unsubscribe token's kind that stops every kind of email.
EVERY_KIND = "all"
# An unsubscribe token's kind that stops following every debate.
EVERY_FOLLOW = "follows"
REPLY_EXCERPT_LENGTH = 600

# What each decision did and what it means for the comment now, and the subject
# of the email that says so.
DECISIONS = {
    ModerationVerb.APPROVE: (
        _("A moderator approved your comment on “%(debate)s”. It is published."),
        _("Your comment on “%(debate)s” was approved"),
    ),
    ModerationVerb.REJECT: (
        _(
            "A moderator rejected your comment on “%(debate)s”. It will not be "
            "published."
        ),
        _("Your comment on “%(debate)s” was rejected"),
    ),
    ModerationVerb.REMOVE: (
        _(
            "A moderator removed your comment on “%(debate)s”. Readers now see a "
            "note that a moderator removed it where it was."
        ),
        _("Your comment on “%(debate)s” was removed"),
    ),
    ModerationVerb.RESTORE: (
        _("A moderator restored your comment on “%(debate)s”. It is published again."),
        _("Your comment on “%(debate)s” was restored"),
    ),
}


@dataclass
class Letter:
    """An email's words, in blocks that it is sent with twice: as plain text, and
    as HTML from `templates/emails/letter.html`, so the two parts say the same."""

    greeting: str
    blocks: list = field(default_factory=list)
    footer: list = field(default_factory=list)

    def say(self, *lines):
        """A paragraph: its lines (those not empty), each on a line of its own."""
        lines = [line for line in lines if line]
        if lines:
            self.blocks.append({"kind": "paragraph", "lines": lines})

    def quote(self, text):
        self.blocks.append({"kind": "quote", "lines": text.splitlines()})

    def link(self, label, url):
        """A link with its label; `label` empty for the address alone."""
        self.blocks.append({"kind": "link", "label": label, "url": url})

    def plain_text(self):
        parts = [
            # Translators: the line that opens an email, as in "Hello Matt,".
            gettext("%(greeting)s,") % {"greeting": self.greeting},
            *map(_plain_block, self.blocks),
        ]
        if self.footer:
            parts.append("\n".join(["-- ", *map(_plain_block, self.footer)]))
        return "\n\n".join(parts)

    def html(self, subject):
        return render_to_string(
            "emails/letter.html", {"letter": self, "subject": subject}
        )


def hello(name: str = "") -> str:
    """An email's greeting: "Hello Matt", or "Hello" when there is no name."""
    if name:
        # Translators: an email's greeting; the email adds a comma: "Hello Matt,".
        return gettext("Hello %(name)s") % {"name": name}
    return gettext("Hello")


def _plain_block(block):
    if block["kind"] == "quote":
        return "\n".join(f"> {line}".rstrip() for line in block["lines"])
    if block["kind"] == "link":
        label = block["label"]
        return f"{label}: {block['url']}" if label else block["url"]
    return "\n".join(block["lines"])


def _message(*, subject, letter, to, headers):
    """The email, a multipart/alternative of the letter's plain text and HTML,
    from DEFAULT_FROM_EMAIL (which names the forum)."""
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject, body=letter.plain_text(), to=to, headers=headers
    )
    message.attach_alternative(letter.html(subject), "text/html")
    return message


@transaction.atomic
def set_notification_preferences(
    *, author: Author, email: str, on_reply: bool, on_decision: bool
) -> None:
    """Save a reader's email address and the notifications they want sent to it.
    A new address is not written to until it is confirmed: see ask_to_confirm."""
    author.user.email = email
    author.user.save(update_fields=["email"])
    author.notify_on_reply = on_reply
    author.notify_on_decision = on_decision
    author.save(update_fields=["notify_on_reply", "notify_on_decision"])


def ask_to_confirm(author: Author) -> None:
    """Email the reader's address a link that confirms it is theirs, once the
    change that asks for it commits. The email says who asked and that nothing
    more will be sent unless the link is followed."""
    email = author.user.email
    token = confirmation_token(author, email)
    link = absolute_url(reverse("debates:confirm_email", kwargs={"token": token}))
    letter = Letter(greeting=hello(author.name))
    letter.say(
        gettext("You asked Revived Debates to send notification emails to %(email)s.")
        % {"email": email},
        ngettext(
            "To confirm this address is yours, open this link within %(days)s day:",
            "To confirm this address is yours, open this link within %(days)s days:",
            CONFIRMATION_DAYS,
        )
        % {"days": CONFIRMATION_DAYS},
    )
    letter.link("", link)
    letter.say(
        gettext(
            "If you did not ask for this, ignore this email: nothing more will be "
            "sent to this address."
        )
    )
    message = _message(
        subject=gettext("Confirm your address for Revived Debates"),
        letter=letter,
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    queue_email(message, kind="confirm")


def send_password_reset(user, *, reset_url: str, valid_for: str) -> None:
    """Email a reader the link that lets them choose a new password. Only an address
    its reader confirmed is ever given here (see participation.password_reset)."""
    author = getattr(user, "author", None)
    letter = Letter(greeting=hello(author.name if author else ""))
    letter.say(
        gettext(
            "Someone, probably you, asked to reset the password of the Revived "
            "Debates account %(username)s, which uses this address."
        )
        % {"username": user.get_username()},
        # Translators: %(valid_for)s is a duration in words, as in "3 days".
        gettext("To choose a new password, open this link within %(valid_for)s:")
        % {"valid_for": valid_for},
    )
    letter.link("", reset_url)
    letter.say(
        gettext(
            "The link works once. If you did not ask for this, ignore this email: "
            "your password stays as it is."
        )
    )
    message = _message(
        subject=gettext("Reset your password for Revived Debates"),
        letter=letter,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    queue_email(message, kind="password_reset")


def send_account_email(author: Author, *, subject, letter) -> None:
    """An email about the reader's own account (closing it, their data ready),
    to their confirmed address only; none without one."""
    if author.email_confirmed:
        send_to_address(author.confirmed_email, subject=subject, letter=letter)


def send_to_address(address: str, *, subject, letter) -> None:
    message = _message(
        subject=subject,
        letter=letter,
        to=[address],
        headers={"Auto-Submitted": "auto-generated"},
    )
    queue_email(message, kind="account")


def confirmation_token(author: Author, email: str) -> str:
    """The signed token of a link confirming `email` for `author`. It names the
    address only by a keyed digest, so the address cannot be read from the link
    (signing's payload is only base64)."""
    return signing.dumps([author.pk, _address_digest(email)], salt=CONFIRM_SALT)


def _address_digest(email):
    return salted_hmac(CONFIRM_SALT, email.casefold()).hexdigest()[:32]


class ConfirmationRefused(Exception):
    """A confirmation link that cannot confirm anything; the message says why."""


def confirmation_for(token: str) -> Author:
    """The author a link from ask_to_confirm is for, if it can still confirm their
    address; ConfirmationRefused if the link is not the forum's, has expired, or
    is for an address the reader has since changed."""
    try:
        author_id, address = signing.loads(
            token, salt=CONFIRM_SALT, max_age=CONFIRMATION_DAYS * 24 * 60 * 60
        )
    except signing.SignatureExpired as expired:
        raise ConfirmationRefused(
            ngettext(
                "This link is more than %(days)s day old.",
                "This link is more than %(days)s days old.",
                CONFIRMATION_DAYS,
            )
            % {"days": CONFIRMATION_DAYS}
        ) from expired
    except signing.BadSignature as bad:
        raise ConfirmationRefused(
            gettext("This link was not made by the forum, or part of it is missing.")
        ) from bad
    author = (
        Author.objects.select_related("user")
        .filter(pk=author_id, user__isnull=False)
        .first()
    )
    if author is None:
        raise ConfirmationRefused(
            gettext("The account this link was for no longer exists.")
        )
    if "@" in address:
        # A link emailed before addresses were digested, still within its days.
        address = _address_digest(address)
    if not constant_time_compare(address, _address_digest(author.user.email)):
        raise ConfirmationRefused(
            gettext("This link is for an address the account no longer uses.")
        )
    return author


def confirm_email(token: str) -> Author:
    """Confirm the address a link from ask_to_confirm was sent to, and return its
    author; ConfirmationRefused as for confirmation_for."""
    author = confirmation_for(token)
    author.confirmed_email = author.user.email
    author.save(update_fields=["confirmed_email"])
    return author


def letter_language(author: Author, comment: Comment | None = None) -> str:
    """The language an email to `author` speaks: the one they chose for the
    forum, else the one they wrote `comment` in, else the forum's own."""
    if author.language:
        return author.language
    if comment is not None and comment.language != ORIGINAL_LANGUAGE:
        return comment.language
    return settings.LANGUAGE_CODE


def notify_decision(comment: Comment, verb: ModerationVerb) -> None:
    """Email a comment's author that a moderator approved, rejected, removed or
    restored it (`verb`), with the rule and note the moderator gave.

    Called by the moderation functions after their write, with the comment as
    decided; a moderator deciding on their own comment is not emailed about it.
    """
    author = comment.author
    if author.user_id is None or author.user_id == comment.moderated_by_id:
        return
    with translation.override(letter_language(author, comment)):
        _notify_decision(author, comment, verb)


def _notify_decision(author, comment, verb):
    said, subject = DECISIONS[verb]
    debate = {"debate": comment.debate.shown("title").text}
    letter = Letter(greeting=hello(author.name))
    letter.say(said % debate)
    rule = comment.moderation_rule
    letter.say(
        gettext("The reason: %(rule)s.") % {"rule": rule} if rule else "",
        rule.text if rule else "",
        gettext("The moderator's note: %(note)s") % {"note": comment.moderation_note}
        if comment.moderation_note
        else "",
    )
    if comment.status == Comment.Status.REJECTED:
        # A rejected comment has no place in the thread; its author reads it, and
        # the reason, on their own page.
        letter.link(gettext("Read it on your page"), absolute_url(author))
    else:
        letter.link(gettext("Your comment"), absolute_url(comment))
    _send(
        author,
        Author.Notification.DECISION,
        subject=subject % debate,
        letter=letter,
    )


def notify_review_outcome(review, comment: Comment) -> None:
    """Email a comment's author the answer to their request for a review: restored,
    or the decision kept, with the reviewing moderator's note."""
    author = comment.author
    if author.user_id is None:
        return
    with translation.override(letter_language(author, comment)):
        _notify_review_outcome(author, review, comment)


def _notify_review_outcome(author, review, comment):
    debate = {"debate": comment.debate.shown("title").text}
    letter = Letter(greeting=hello(author.name))
    if review.outcome == review.Outcome.RESTORED:
        letter.say(
            gettext(
                "Another moderator looked again at your comment on “%(debate)s”, as "
                "you asked, and restored it. It is published."
            )
            % debate
        )
        letter.link(gettext("Your comment"), absolute_url(comment))
        subject = gettext("Your comment on “%(debate)s” was restored on review")
    else:
        letter.say(
            gettext(
                # Translators: %(status)s is where the comment stands, in lower
                # case: "rejected", "removed by a moderator".
                "Another moderator looked again at your comment on “%(debate)s”, as "
                "you asked, and kept the decision: it stays %(status)s."
            )
            % {**debate, "status": comment.get_status_display().lower()},
            gettext("The reason: %(rule)s.") % {"rule": comment.moderation_rule}
            if comment.moderation_rule
            else "",
        )
        letter.link(gettext("Read it on your page"), absolute_url(author))
        subject = gettext("The decision on your comment on “%(debate)s” stands")
    subject = subject % debate
    letter.say(
        gettext("The moderator's note: %(note)s") % {"note": review.reply}
        if review.reply
        else ""
    )
    _send(author, Author.Notification.DECISION, subject=subject, letter=letter)


def notify_reply(reply: Comment) -> None:
    """Email the author of the comment `reply` answers (a reply to a reply answers
    that reply, not the comment it sits under) that it has a reply.

    Only a published reply is announced: one that waits for review is announced
    when a moderator publishes it. Works on any comment; one that answers none is
    ignored.
    """
    answered = reply.in_reply_to if reply.in_reply_to_id else None
    if answered is None or not reply.is_visible:
        return
    if answered.author_id == reply.author_id:
        return
    with translation.override(letter_language(answered.author, answered)):
        _notify_reply(reply, answered)


def _notify_reply(reply, answered):
    who_where = {
        "signature": reply.signature,
        "debate": reply.debate.shown("title").text,
    }
    excerpt = Truncator(reply.body).chars(REPLY_EXCERPT_LENGTH)
    letter = Letter(greeting=hello(answered.author.name))
    letter.say(
        # Translators: the line above the quoted reply, in the email's body.
        gettext("%(signature)s replied to your comment on “%(debate)s”:") % who_where
    )
    letter.quote(excerpt)
    letter.link(gettext("Read it in the debate"), absolute_url(reply))
    _send(
        answered.author,
        Author.Notification.REPLY,
        # Translators: the subject of the email.
        subject=gettext("%(signature)s replied to your comment on “%(debate)s”")
        % who_where,
        letter=letter,
    )


def unsubscribe_url(author: Author, kind: str) -> str:
    """The link that stops `kind` of email (or EVERY_KIND) for `author`."""
    token = signing.dumps([author.pk, kind], salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("debates:unsubscribe", kwargs={"token": token}))


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The author's id and what a token stops (a kind of email, EVERY_KIND,
    EVERY_FOLLOW or "follow:<debate id>"); BadSignature if it was not made by
    unsubscribe_url()."""
    author_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return author_id, kind


def what_a_token_stops(kind: str, author: Author) -> str:
    """The emails an unsubscribe token stops, in words: "emails when someone
    replies to your comments"."""
    if kind == EVERY_KIND:
        return gettext("all emails from Revived Debates")
    if kind == EVERY_FOLLOW:
        return gettext("emails about the debates you follow")
    if kind.startswith("follow:"):
        follow = author.follows.filter(debate=kind.partition(":")[2]).first()
        if follow is None:
            return gettext("emails about a debate you followed")
        return gettext("emails about “%(debate)s”") % {"debate": follow.debate.title}
    # Translators: %(when)s is as in "when someone replies to your comments".
    return gettext("emails %(when)s") % {"when": Author.Notification(kind).label}


@transaction.atomic
def stop_emails(author: Author, kind: str) -> None:
    """Stop what an unsubscribe token names: one kind of notification, following
    one debate or all, or every email."""
    if kind in (EVERY_KIND, EVERY_FOLLOW) or kind.startswith("follow:"):
        follows = author.follows.all()
        if kind.startswith("follow:"):
            follows = follows.filter(debate=kind.partition(":")[2])
        follows.delete()
        if kind != EVERY_KIND:
            return
    kinds = list(Author.Notification) if kind == EVERY_KIND else [kind]
    author.stop_notifications([Author.Notification(k) for k in kinds])


def send_to_follower(follow, *, subject, letter, key, stop=None) -> bool:
    """Queue an email to a follower (their letter's footer set), once for `key`;
    True if it was queued. `stop`, the one-click unsubscribe, defaults to
    stopping this follow."""
    author = follow.author
    stop = stop or unsubscribe_url(author, f"follow:{follow.debate_id}")
    message = _message(
        subject=subject,
        letter=letter,
        to=[author.confirmed_email],
        headers=_unsubscribe_headers(stop),
    )
    return queue_email(message, kind="follow", key=key) is not None


def _send(recipient, kind, *, subject, letter):
    address = recipient.notification_address(kind)
    if address is None:
        return
    stop = unsubscribe_url(recipient, kind)
    letter.footer = [
        {
            "kind": "paragraph",
            "lines": [
                # Translators: %(when)s is as in "when someone replies to your
                # comments".
                gettext("You get this email because you asked to be emailed %(when)s.")
                % {"when": kind.label}
            ],
        },
        {"kind": "link", "label": gettext("Stop these emails"), "url": stop},
        {
            "kind": "link",
            "label": gettext("Stop all emails from Revived Debates"),
            "url": unsubscribe_url(recipient, EVERY_KIND),
        },
        {
            "kind": "link",
            "label": gettext("Your notification settings (signed in)"),
            "url": absolute_url(reverse("debates:notification_settings")),
        },
    ]
    message = _message(
        subject=subject,
        letter=letter,
        to=[address],
        headers=_unsubscribe_headers(stop),
    )
    queue_email(message, kind=kind)


def _unsubscribe_headers(stop):
    """The headers of an email a reader chose, with `stop` as its one-click
    unsubscribe (RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
