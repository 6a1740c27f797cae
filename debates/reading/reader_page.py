"""The debate page for a signed-in reader: rendered once, filled per reader.

Most of what a signed-in reader sees is the same for every reader of the page: only
the header's account links, the CSRF token in each form, the signature the comment
form posts under (or, for a suspended reader, the suspension in its place), the
reader's own recent and unpublished comments, their following of the debate and the
recommend buttons are theirs.
So the page is rendered once per debate version and page for "a reader", with a
slot for each of those, and `fill` puts in the reader's own.

Staff, whose page also carries the moderators' forms, and readers with a message to
read get the page rendered whole. The slots are HTML comments, which no reader's text
can forge (all of it is escaped); the CSRF token's stand-in is a random word of this
process, which is why the rendered page is kept in this process only.
"""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models import Comment
from ..notifications.following import follow_of
from . import recommend_buttons
from .memory import LocalCache

ACCOUNT = "<!--reader:account-->"
SIGNATURE = "<!--reader:signature-->"
OWN_COMMENTS = "<!--reader:own-comments-->"
FOLLOW = "<!--reader:follow-->"
FORM_START = "<!--reader:form-->"
FORM_END = "<!--/reader:form-->"
CSRF_STAND_IN = recommend_buttons.CSRF_STAND_IN
_accounts = LocalCache(4096)
_follows = LocalCache(1024)


def serves(request, has_messages):
    """Whether this request can be served from the shared reader page."""
    user = request.user
    return (
        user.is_authenticated
        and not user.is_staff
        and not has_messages
        and getattr(user, "author", None) is not None
    )


def slots():
    """What the page is rendered with in place of one reader's parts."""
    return {
        "account_html": mark_safe(ACCOUNT),  # nosec B308 B703 (our constant)
        "signature_html": mark_safe(SIGNATURE),  # nosec B308 B703
        "own_comments_html": mark_safe(OWN_COMMENTS),  # nosec B308 B703
        "follow_html": mark_safe(FOLLOW),  # nosec B308 B703
        "form_slot_start": mark_safe(FORM_START),  # nosec B308 B703
        "form_slot_end": mark_safe(FORM_END),  # nosec B308 B703
        "own_unpublished": [],
        "csrf_token": CSRF_STAND_IN,
        "can_moderate": False,
    }


def fill(html, *, request, debate):
    """The shared reader page `html` with this reader's parts put in."""
    user = request.user
    author = user.author
    token = get_token(request)
    own = list(Comment.objects.unpublished_by(author, debate))
    parts = {
        ACCOUNT: _account(user, author),
        SIGNATURE: escape(author.signature),
        OWN_COMMENTS: render_to_string(
            "debates/_own_comments.html",
            {
                "own_unpublished": own,
                "debate": debate,
                "reader_author": author,
                "csrf_token": CSRF_STAND_IN,
            },
        )
        if own
        else "",
        FOLLOW: _follow(user, author, debate),
        CSRF_STAND_IN: token,
    }
    html = _comment_form_or_suspension(html, author)
    # The token last: the parts put in before it carry its stand-in too.
    for slot, part in parts.items():
        html = html.replace(slot, part)
    return recommend_buttons.fill(html, debate=debate, request=request)


def _comment_form_or_suspension(html, author):
    """The page with its comment form, or, for a reader suspended from posting,
    what keeps them from posting and until when, in the form's place."""
    start, end = html.find(FORM_START), html.find(FORM_END)
    if start < 0 or end < 0:
        return html
    suspension = author.suspension_to_show()
    if suspension is None:
        inside = html[start + len(FORM_START) : end]
    else:
        inside = render_to_string("debates/_suspended.html", {"suspension": suspension})
    return html[:start] + inside + html[end + len(FORM_END) :]


def _follow(user, author, debate):
    """The follow form as this reader sees it, rendered once per process for each
    way of following (or none), address state and language, with the CSRF token's
    stand-in."""
    follow = follow_of(author, debate)
    how = follow.emails if follow else None
    return _follows.get_or_set(
        (debate.pk, debate.slug, how, author.email_confirmed, get_language()),
        lambda: render_to_string(
            "debates/_follow.html",
            {
                "debate": debate,
                "follow": follow,
                "reader_author": author,
                "user": user,
                "csrf_token": CSRF_STAND_IN,
            },
        ),
    )


def _account(user, author):
    """The header's account links for this reader, rendered once per process for
    each name they go by and language, with the CSRF token's stand-in."""
    return _accounts.get_or_set(
        (
            user.pk,
            user.get_username(),
            author.pk,
            author.name,
            author.signature,
            get_language(),
        ),
        lambda: render_to_string(
            "_account.html", {"user": user, "csrf_token": CSRF_STAND_IN}
        ),
    )
