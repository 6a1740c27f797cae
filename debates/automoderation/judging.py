"""What the forum does by itself with a text, before a person reads it.

`judge_comment` is asked by the posting and editing functions, inside their
transaction, and answers with a `Verdict`: the rules that matched (each a
`Finding` naming the rule, for the poster, the queue and the audit trail) and the
text as readers will see it. The strongest action wins: a refusal refuses, else a
hold holds, else the comment is published, flagged for a moderator or with words
masked (or both). Staff and moderators are exempt from every rule except word
rules that say they apply to staff too.

A worked example, with a rule ``미군놈`` set to hold::

    verdict = judge_comment(text="미군놈들이 나가라", author=reader, debate=debate)
    verdict.action   # RuleAction.HOLD
    verdict.findings[0].reason   # 'word rule “미군놈”'
"""

import dataclasses
import difflib
import re

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.html import Urlizer
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from ..models import Comment, LinkDomain, PostingRefused, WordRule
from ..models.choices import CommentStatus, DomainListing, RuleAction, RuleKind
from ..models.link_domain import domain_of
from .likeness import CLOSE_BITS, distance, fingerprint, likeness_key
from .matching import RuleBook

ACTION_ORDER = [RuleAction.REFUSE, RuleAction.HOLD, RuleAction.FLAG, RuleAction.MASK]
MASK = "■"
# Translators: what a blocked-site rule matched, e.g. "links to example.com".
LINKS_TO = gettext_noop("links to %(sites)s")


@dataclasses.dataclass
class Finding:
    """One rule that matched: what it does, which rule (in words), what it matched."""

    action: str
    kind: str
    reason: str
    words: list = dataclasses.field(default_factory=list)
    house_rule: object = None
    spans: list = dataclasses.field(default_factory=list, repr=False)
    # The reason and, where the rule names them itself, the words matched, in the
    # reader's language; `reason` and `words` stay in English, as the queue and the
    # audit trail keep them.
    reason_shown: str = ""
    words_shown: list | None = None

    def for_poster(self):
        """The reason as its poster reads it, like a moderator's decision."""
        words = self.words if self.words_shown is None else self.words_shown
        shown = ", ".join(f"“{word}”" for word in dict.fromkeys(words))
        because = (
            # Translators: the start of a reason, e.g. "it contains “spam”".
            gettext("it contains %(words)s") % {"words": shown}
            if shown
            else self.reason_shown or self.reason
        )
        if self.house_rule is not None:
            # Translators: a rule's reason, then the house rule it enforces.
            return gettext("%(reason)s (%(house_rule)s)") % {
                "reason": because,
                "house_rule": self.house_rule,
            }
        return because


def _said(template, **values):
    """`template`, marked with gettext_noop, filled in twice: in English, as the
    audit trail keeps it, and in the reader's language."""
    return template % values, gettext(template) % values


@dataclasses.dataclass
class Verdict:
    findings: list
    text: str
    shown_text: str
    likeness: int | None = None

    @property
    def action(self):
        """The strongest action of the findings, or None if nothing matched."""
        actions = {finding.action for finding in self.findings}
        return next((action for action in ACTION_ORDER if action in actions), None)

    def having(self, action):
        return [finding for finding in self.findings if finding.action == action]

    @property
    def is_masked(self):
        return self.shown_text != self.text


# What a poster is told when a rule refuses their text, by what they sent.
REFUSALS = {
    "comment": gettext_lazy(
        "Your comment was not posted: %(reasons)s, which the forum's rules do not "
        "accept. Your text is kept below, to change and send again."
    ),
    "reply": gettext_lazy(
        "Your reply was not posted: %(reasons)s, which the forum's rules do not "
        "accept. Your text is kept below, to change and send again."
    ),
}


class RefusedByRule(PostingRefused):
    """A rule refuses the text; the message names it, for the poster."""

    def __init__(self, findings, *, what="comment"):
        self.findings = findings
        reasons = "; ".join(finding.for_poster() for finding in findings)
        super().__init__(str(REFUSALS[what]) % {"reasons": reasons})


class _LoadedRules:
    """The word rules, compiled once per change: every judgement asks the database
    one cheap question (how many rules, last changed when) and recompiles only when
    the answer differs, so every app server sees an edit at once."""

    stamp = None
    book = RuleBook([])
    rules = {}

    def current(self):
        stamp = WordRule.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
        stamp = (stamp["count"], stamp["last"])
        if stamp != self.stamp:
            rules = {rule.pk: rule for rule in WordRule.objects.select_related()}
            book = RuleBook((pk, rule.pattern) for pk, rule in rules.items())
            self.book, self.rules, self.stamp = book, rules, stamp
        return self.book, self.rules


loaded_rules = _LoadedRules()


def word_findings(text, *, is_staff, book=None, rules=None):
    """The word rules that match `text`, one Finding per rule."""
    if book is None:
        book, rules = loaded_rules.current()
    found = {}
    for hit in book.find(text):
        rule = rules[hit.key]
        if not rule.applies_to(is_staff=is_staff):
            continue
        finding = found.get(hit.key)
        if finding is None:
            reason, reason_shown = _said(
                gettext_noop("word rule “%(pattern)s”"), pattern=rule.pattern
            )
            finding = found[hit.key] = Finding(
                action=rule.action,
                kind=RuleKind.WORDS,
                reason=reason,
                reason_shown=reason_shown,
                house_rule=rule.house_rule,
            )
        finding.words.append(text[hit.start : hit.end])
        finding.spans.append((hit.start, hit.end))
    return list(found.values())


def masked(text, findings):
    """`text` with the words of masking rules blacked out, letter for letter."""
    spans = sorted(
        span
        for finding in findings
        if finding.action == RuleAction.MASK
        for span in finding.spans
    )
    pieces, at = [], 0
    for start, end in spans:
        start = max(start, at)
        if start < end:
            pieces += [text[at:start], MASK * (end - start)]
            at = end
    return "".join(pieces) + text[at:]


class _LinkCollector(Urlizer):
    """Django's own urlizer, as the comment text filter uses it, made to list the
    addresses it would link instead of linking them."""

    url_template = "\x00{href}\x00"

    def is_email_simple(self, value):
        return False


_collector = _LinkCollector()


def links_in(text):
    """The web addresses in `text` that readers will see as links."""
    return re.findall(
        "\x00([^\x00]*)\x00", _collector(text, nofollow=False, autoescape=False)
    )


def is_exempt(author):
    """Staff (moderators and administrators, who sign in to the admin) are exempt
    from the rules, bar word rules that say otherwise."""
    user = author.user
    return user is not None and (user.is_staff or user.is_superuser)


def judge_comment(*, text, author, debate, besides=None):
    """The Verdict on `text`, about to be posted (or, with `besides`, to replace
    that comment's text) by `author` in `debate`."""
    exempt = is_exempt(author)
    likeness = likeness_for(text)
    findings = word_findings(text, is_staff=exempt)
    links = links_in(text)
    findings += _blocked_links(links)
    if not exempt:
        record = _record_of(author, besides)
        is_new = record["published"] < settings.FORUM_RULES_NEW_ACCOUNT_COMMENTS
        if is_new:
            findings += _too_many_links(links)
        findings += _repeated(
            text, author, debate, besides, is_new=is_new, likeness=likeness
        )
        findings += _poor_record(record)
    return Verdict(
        findings=findings,
        text=text,
        shown_text=masked(text, findings),
        likeness=likeness,
    )


def try_rules(text, *, draft=None, as_staff=False):
    """What the word rules and the block list would do with `text`, with `draft`
    (an unsaved WordRule) among them: the admin's test box. The link, repeat and
    record rules depend on who posts, so they are not tried here."""
    book, rules = loaded_rules.current()
    if draft is not None:
        rules = {**rules, "draft": draft}
        book = RuleBook((key, rule.pattern) for key, rule in rules.items())
    findings = word_findings(text, is_staff=as_staff, book=book, rules=rules)
    findings += _blocked_links(links_in(text))
    return Verdict(findings=findings, text=text, shown_text=masked(text, findings))


def _blocked_links(links):
    if not links:
        return []
    hosts = {domain_of(link) for link in links}
    listed = LinkDomain.objects.listing_for(hosts)
    blocked = sorted(
        {
            domain
            for domain, listing in listed.values()
            if listing == DomainListing.BLOCKED
        }
    )
    if not blocked:
        return []
    reason, reason_shown = _said(LINKS_TO, sites=", ".join(blocked))
    return [
        Finding(
            action=RuleAction.REFUSE,
            kind=RuleKind.DOMAIN,
            reason=reason,
            words=[LINKS_TO % {"sites": domain} for domain in blocked],
            reason_shown=reason_shown,
            words_shown=[gettext(LINKS_TO) % {"sites": domain} for domain in blocked],
        )
    ]


def _too_many_links(links):
    allowed = settings.FORUM_RULES_NEW_ACCOUNT_LINKS
    if len(links) <= allowed:
        return []
    listed = LinkDomain.objects.listing_for({domain_of(link) for link in links})
    counted = [
        link
        for link in links
        if listed.get(domain_of(link), (None, None))[1] != DomainListing.ALLOWED
    ]
    if len(counted) <= allowed:
        return []
    reason, reason_shown = _said(
        gettext_noop(
            "link limit: %(links)s links from a new account (at most %(allowed)s "
            "until %(comments)s comments are published)"
        ),
        links=len(counted),
        allowed=allowed,
        comments=settings.FORUM_RULES_NEW_ACCOUNT_COMMENTS,
    )
    return [
        Finding(
            action=RuleAction.HOLD,
            kind=RuleKind.LINKS,
            reason=reason,
            words=counted,
            reason_shown=reason_shown,
        )
    ]


def _record_of(author, besides):
    """The author's published comments, and since their record was last cleared,
    how many they posted and how many moderators rejected or removed."""
    comments = author.comments.filter(is_archived=False)
    if besides is not None:
        comments = comments.exclude(pk=besides.pk)
    since = Q()
    if author.record_cleared_at is not None:
        since = Q(posted_at__gt=author.record_cleared_at)
    refused = Q(
        status__in=[CommentStatus.REJECTED, CommentStatus.REMOVED],
        moderated_by__isnull=False,
        removed_at_request=False,
    )
    return comments.aggregate(
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        posted=Count("pk", filter=since),
        refused=Count("pk", filter=since & refused),
    )


def _poor_record(record):
    least = settings.FORUM_RULES_RECORD_MIN_COMMENTS
    if least <= 0 or record["posted"] < least:
        return []
    share = record["refused"] / record["posted"]
    if share < settings.FORUM_RULES_RECORD_REFUSED_SHARE:
        return []
    reason, reason_shown = _said(
        gettext_noop(
            "record: %(refused)s of the poster's %(posted)s comments were rejected "
            "or removed; a moderator reads their comments until one clears the "
            "record"
        ),
        refused=record["refused"],
        posted=record["posted"],
    )
    return [
        Finding(
            action=RuleAction.HOLD,
            kind=RuleKind.RECORD,
            reason=reason,
            reason_shown=reason_shown,
        )
    ]


# At most this many recent comments' fingerprints are compared with a new one's.
REPEAT_CANDIDATES = 2000


def likeness_for(text):
    """The fingerprint stored with a comment, or None when it is too short for
    repeats to be told from coincidence ("Agreed, well put.")."""
    key = likeness_key(text)
    if len(key) < settings.FORUM_RULES_REPEAT_MIN_LENGTH:
        return None
    return fingerprint(key)


def _repeated(text, author, debate, besides, *, is_new, likeness):
    """A hold if the same or nearly the same text came lately from this poster in
    another debate or, for a new poster, from another new account anywhere.

    Recent comments' fingerprints are read from an index and compared in memory;
    only those within a few bits are compared word by word."""
    if likeness is None:
        return []
    since = timezone.now() - timezone.timedelta(hours=settings.FORUM_RULES_REPEAT_HOURS)
    place = Q(author=author) & ~Q(debate=debate)
    if is_new:
        place |= ~Q(author=author)
    recent = (
        Comment.objects.filter(place, likeness__isnull=False, posted_at__gte=since)
        .exclude(pk=getattr(besides, "pk", None))
        .order_by("-posted_at")
        .values_list("pk", "likeness")[:REPEAT_CANDIDATES]
    )
    close = [pk for pk, other in recent if distance(likeness, other) <= CLOSE_BITS]
    if not close:
        return []
    key = likeness_key(text)
    wanted = settings.FORUM_RULES_REPEAT_LIKENESS
    candidates = Comment.objects.filter(pk__in=close).values_list(
        "body", "unmasked_body", "debate__title", "author_id"
    )
    for body, unmasked, title, author_id in candidates:
        other = likeness_key(unmasked or body)
        if other != key and (
            difflib.SequenceMatcher(None, key, other, autojunk=False).ratio() < wanted
        ):
            continue
        if author_id == author.pk:
            template = gettext_noop(
                "repeated text: alike a comment by the same poster in “%(title)s” "
                "posted within %(hours)s hours"
            )
        elif _published_count(author_id) < settings.FORUM_RULES_NEW_ACCOUNT_COMMENTS:
            template = gettext_noop(
                "repeated text: alike a comment by another new account in "
                "“%(title)s” posted within %(hours)s hours"
            )
        else:
            continue  # an established reader echoed it; not a campaign
        reason, reason_shown = _said(
            template, title=title, hours=settings.FORUM_RULES_REPEAT_HOURS
        )
        return [
            Finding(
                action=RuleAction.HOLD,
                kind=RuleKind.REPEAT,
                reason=reason,
                reason_shown=reason_shown,
            )
        ]
    return []


def _published_count(author_id):
    return Comment.objects.visible().filter(author_id=author_id).count()


def signature_refusal(name, place):
    """Why a signature cannot be used, naming the rule, or None. Any word rule but
    a flag refuses it: a name can be neither held nor masked."""
    findings = [
        finding
        for finding in word_findings(f"{name}\n{place}", is_staff=False)
        if finding.action != RuleAction.FLAG
    ]
    if not findings:
        return None
    reasons = "; ".join(finding.for_poster() for finding in findings)
    return gettext(
        "This signature cannot be used: %(reasons)s, which the forum's rules do not "
        "accept."
    ) % {"reasons": reasons}
