"""The export of a debate: what a reader of it may see, as JSON another install loads.

Accounts stay behind, and with them everything that only makes sense beside them:
who moderated what, the audit trail, reports, recommendations, requests for review,
suspensions and the earlier texts of edited comments. What travels is what a reader
here sees: the debate, its background reading and stances with their translations,
and its thread, each comment signed with its author's name and place. A comment
nobody may read travels as the placeholder readers see in its place, or not at all
if it never had one.
"""

from django.core import serializers

from ..models import Comment, Debate, StanceTranslation
from ..models.choices import CommentStatus

# Never shown to readers, not even as a placeholder: only their authors saw them.
NEVER_PUBLIC = {CommentStatus.PENDING, CommentStatus.REJECTED}


def debate_fixture(debate: Debate) -> str:
    """The debate, its background reading and stances, comments and their authors
    as JSON that `loaddata` reads on another install.

    Every row is named by its natural key, so loading it again updates rather than
    duplicates, and nothing in it points at an account or at a row of this install
    the other may not have. Its closings and reopenings travel too, for its
    timeline, with their reasons but not who made them.
    """
    debate = Debate.objects.get(pk=debate.pk)
    debate.state_changed_by = None
    comments = portable_comments(debate)
    authors = {}
    for comment in comments:
        authors.setdefault(comment.author.natural_key(), portable_author(comment))
    objects = [
        *debate.background_reading.order_by("slug"),
        debate,
        *debate.stances.select_related("debate"),
        *debate.translations.select_related("debate"),
        *StanceTranslation.objects.filter(stance__debate=debate)
        .select_related("stance__debate")
        .order_by("stance__order", "language"),
        *authors.values(),
        *comments,
        *portable_state_changes(debate),
    ]
    return serializers.serialize(
        "json",
        objects,
        indent=1,
        ensure_ascii=False,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )


CARRIED_OVER = "recorded on the forum this debate was exported from"


def portable_state_changes(debate):
    """The debate's closings and reopenings with their reasons, as its timeline
    shows them, by no one in particular: the other install's audit trail says
    where they were recorded."""
    changes = list(debate.moderation_actions.state_changes().select_related("debate"))
    for change in changes:
        change.moderator = None
        change.detail = change.detail or CARRIED_OVER
    return changes


def portable_comments(debate):
    """The debate's comments as readers see them, in thread order, ready to export.

    Comments never public are left out, and so are the replies that hang under one
    or answer one: readers here never see a reply under a comment the thread does
    not show, and a reply answering nothing would break the thread's shape. Replies
    always come after what they answer, so one pass in order finds them all.
    """
    left_out = set()
    kept = []
    comments = debate.comments.select_related(
        "author", "debate", "stance__debate", "parent__debate", "in_reply_to__debate"
    ).order_by("position")
    for comment in comments:
        if (
            comment.status in NEVER_PUBLIC
            or {
                comment.parent_id,
                comment.in_reply_to_id,
            }
            & left_out
        ):
            left_out.add(comment.pk)
            continue
        kept.append(as_readers_see_it(comment))
    return kept


def as_readers_see_it(comment: Comment) -> Comment:
    """`comment` with only what readers may read of it, and no trace of this
    install's moderators: the latest decision on it was addressed to its author and
    cites a house rule of this install, which the other may number differently.

    A removed, held or deleted comment keeps its place, status and signature, so the
    other install shows the same placeholder, but nothing of what it said. A reply
    quotes only a comment that is still public, as `Comment.shown_quote` decides.
    """
    comment.quote = comment.shown_quote
    comment.moderated_at = None
    comment.moderated_by = None
    comment.moderation_rule = None
    comment.moderation_note = ""
    comment.unmasked_body = ""  # readers see the masked text; the words stay here
    if not comment.is_visible:
        comment.body = ""
        comment.search_words = ""  # the words, cut up, are still the words
        comment.quote = ""
        comment.highlight = ""
        comment.stance = None
        comment.recommendation_count = 0
    return comment


def portable_author(comment: Comment):
    """The comment's author as a signature alone: no account, and none of the
    account's settings or addresses."""
    author = comment.author
    author.user = None
    author.confirmed_email = ""
    author.notify_on_reply = False
    author.notify_on_decision = False
    return author
