"""Template filters that ask a comment's rules, so pages show only what they allow."""

from django import template

register = template.Library()


@register.filter
def editable_by(comment, author):
    """Whether `author` may edit or delete `comment` now (`Comment.is_editable_by`),
    which is what the edit and delete pages ask too."""
    return author is not None and comment.is_editable_by(author)


@register.filter
def reviewable_by(comment, author):
    """Whether `author` may ask for a review of the decision on `comment`
    (`Comment.is_reviewable_by`), which is what the request page asks too."""
    return author is not None and comment.is_reviewable_by(author)


@register.filter
def review_answer_refusal(comment, moderator):
    """Why `moderator` may not answer the review asked for on `comment`, or None
    (`Comment.review_answer_refusal`, which the answer itself asks)."""
    return comment.review_answer_refusal(moderator)
