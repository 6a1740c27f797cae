"""Recommend buttons and counts, filled into the thread for the reader at hand.

The rendered thread is shared by every reader (see `reading.page_cache`), but its
recommend buttons are not: each signed-in reader needs their own CSRF token and sees
which comments they recommend already, and every reader sees the counts as they are
now. So the shared thread keeps a slot in each comment (an HTML comment, which no
reader's text can forge: all of it is escaped, so it never holds a "<"), and `fill`
replaces the slots for one reader and one moment.

Counts are not in the cached thread at all, so recommending invalidates nothing:
one query per page reads them, with the reader's own recommendations.

The buttons come from `debates/_recommend.html`. It runs on every page view, so each
state a button can be in is rendered once per page, with a stand-in for the
comment's id, and copied for each comment with its id and count put in.
"""

import re
import secrets

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from ..models import Comment
from ..models.comment import recommendation_refusal
from .memory import LocalCache

_SLOT = re.compile(r"<!--recommend (\d+) (\d+)-->")
_ACTIONS = re.compile(r"<!--actions (\d+) (\d+)-->")
ACTIONS_END = "<!--/actions-->"
# One pass over the thread fills both kinds of slot.
_SLOTS = re.compile(
    r"<!--recommend (\d+) (\d+)-->|<!--actions (\d+) (\d+)-->(.*?)<!--/actions-->",
    re.DOTALL,
)
# The id the templates are rendered with: no comment has it, and no escaped text
# around it (an address, a token) can spell a number this long by chance.
_STAND_IN = "9223372036854775807"
_COUNT = "<!--count-->"


def slot(comment):
    """The placeholder for `comment`'s button: its id and the account of its author
    (0 for the archive's)."""
    return f"<!--recommend {comment.pk} {comment.author.user_id or 0}-->"


def actions_slot_for(comment):
    """Where the actions that depend on the reader begin: the comment's id and the
    account of its author (0 for the archive's). What follows, up to ACTIONS_END,
    is what other readers may do (Report)."""
    return f"<!--actions {comment.pk} {comment.author.user_id or 0}-->"


def count_text(count):
    """The count as it reads beside the button; nothing until someone recommends."""
    if not count:
        return ""
    return ngettext("%(count)d recommendation", "%(count)d recommendations", count) % {
        "count": count
    }


def slot_ids(html):
    """The ids of the comments whose slots `html` holds."""
    return [int(pk) for pk, _ in _SLOT.findall(html)]


def fill(html, *, debate, request, ids=None, counts=None):
    """`html` with every slot replaced by what this reader may do with the comment,
    and its count as it is now.

    Signed out: a link to sign in, which comes back to the comment. Signed in: a form
    that recommends the comment, or takes the recommendation back. Where
    `recommendation_refusal` says no (their own comments, a closed debate), only the
    count. `ids` (the slots' comment ids) and `counts` (as `recommendation_counts`
    gives them) may be given, if known already.
    """
    if counts is None:
        counts = Comment.objects.recommendation_counts(
            slot_ids(html) if ids is None else ids, request.user
        )
    if not counts:
        # Our own rendered page, unchanged.
        return mark_safe(html)  # nosec B308 B703
    user = request.user
    reader_id = user.pk if user.is_authenticated else None
    debate_is_open = debate.is_open
    states = _States(debate, request)
    editable = _editable_own(html, reader_id, user, debate)
    moderates = (
        reader_id is not None
        and user.is_staff
        and user.has_perm("debates.moderate_comment")
    )

    def replace(match):
        if match[1] is None:
            return actions(match[3], int(match[4]), match[5])
        pk, author_user = match[1], int(match[2])
        count, recommended = counts.get(int(pk), (0, False))
        refusal = recommendation_refusal(
            is_visible=True,
            is_own=reader_id is not None and author_user == reader_id,
            debate_is_open=debate_is_open,
        )
        if refusal:
            state = "count"
        elif reader_id is None:
            state = "sign_in"
        else:
            state = "withdraw" if recommended else "recommend"
        return states[state].replace(_STAND_IN, pk).replace(_COUNT, count_text(count))

    def actions(pk, author_user, for_others):
        """Report for others' comments; Edit and Delete on the reader's own while
        `Comment.is_editable_by` allows; and for moderators, a link to moderate."""
        if reader_id is not None and author_user == reader_id:
            shown = states["own"].replace(_STAND_IN, pk) if int(pk) in editable else ""
        else:
            shown = for_others
        if moderates:
            shown += " " + states["moderate"].replace(_STAND_IN, pk)
        return shown

    # Our own rendered thread; slots become our own template's markup, with
    # numbers and the count's words put in.
    return mark_safe(_SLOTS.sub(replace, html))  # nosec B308 B703


def _editable_own(html, reader_id, user, debate):
    """The ids of the reader's own comments in `html` that they may still edit or
    delete; one query, only when the page holds any of theirs."""
    if reader_id is None:
        return set()
    own = [int(pk) for pk, author in _ACTIONS.findall(html) if int(author) == reader_id]
    author = getattr(user, "author", None)
    if not own or author is None:
        return set()
    editable = set()
    for comment in Comment.objects.filter(pk__in=own, debate_id=debate.pk):
        comment.debate = debate
        if comment.is_editable_by(author):
            editable.add(comment.pk)
    return editable


# A stand-in for the reader's CSRF token, a random word of this process: the
# buttons are rendered with it once and copied with each reader's token put in.
CSRF_STAND_IN = f"csrf{secrets.token_hex(24)}"
_rendered_states = LocalCache(1024)


class _States(dict):
    """Each button state as this page shows it, rendered once per debate version,
    page address, language and process, and copied with the reader's CSRF token put
    in."""

    def __init__(self, debate, request):
        super().__init__()
        self.debate = debate
        self.request = request

    def __missing__(self, state):
        needs_token = state in ("recommend", "withdraw")
        path = self.request.get_full_path() if needs_token else ""
        html = _rendered_states.get_or_set(
            (self.debate.pk, self.debate.cache_token, state, path, get_language()),
            lambda: self._render(state, path),
        )
        if needs_token:
            html = html.replace(CSRF_STAND_IN, get_token(self.request))
        self[state] = html
        return html

    def _render(self, state, path):
        # Rendered without the context processors, which no button needs.
        if state in ("own", "moderate"):
            return render_to_string(
                "debates/_comment_actions.html",
                {"state": state, "debate": self.debate, "pk": _STAND_IN},
            ).strip()
        return render_to_string(
            "debates/_recommend.html",
            {
                "state": state,
                "debate": self.debate,
                "pk": _STAND_IN,
                "comment_path": reverse(
                    "debates:comment",
                    kwargs={"slug": self.debate.slug, "pk": _STAND_IN},
                ),
                "next": f"{path}#comment-{_STAND_IN}",
                "csrf_token": CSRF_STAND_IN,
            },
        ).strip()
