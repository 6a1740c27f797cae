"""Comments written by a reader whose session ended before they pressed Post.

The form reaches the server signed out (signed out in another tab, or the session
expired while they wrote). Nothing is posted, since nobody is signed in to post it;
instead the text, with the stance, quote and comment answered, is kept in the new
session, and the reader is sent to sign in and then to a page of their own that
shows it again, ready to send. Signing in keeps an anonymous session's data, so the
draft survives it; posting it clears it.

Kept once, for one comment: a later unsent comment replaces an earlier one.
"""

from django.urls import reverse

from ..text import COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH

SESSION_KEY = "debates.unsent_comment"
# Longer text than a comment may have is kept too (the form then says how long it
# is), up to a bound, so that a session cannot be made to hold anything at all.


def keep(request, debate, *, reply_to=None):
    """Keep what the signed-out form carried for `debate` (in answer to the comment
    with pk `reply_to`, if any); returns the address that shows it again."""
    sent = request.POST
    request.session[SESSION_KEY] = {
        "debate": debate.pk,
        "reply_to": reply_to,
        "body": sent.get("body", "")[: COMMENT_MAX_LENGTH * 2],
        "stance": sent.get("stance", "")[:20],
        "quote": sent.get("quote", "")[: QUOTE_MAX_LENGTH * 2],
    }
    return reverse("debates:draft", kwargs={"slug": debate.slug})


def kept_for(request, debate):
    """The unsent comment kept for `debate`, or None."""
    draft = request.session.get(SESSION_KEY)
    if not draft or draft.get("debate") != debate.pk or not draft.get("body"):
        return None
    return draft


def forget(request):
    """The draft is posted: keep it no longer."""
    request.session.pop(SESSION_KEY, None)


def text_being_sent(request):
    """The comment a request was sending, for an error page to give back to its
    reader when it could not be saved (a 403, 429 or 503); "" for other requests."""
    return request.POST.get("body", "") if request.method == "POST" else ""
