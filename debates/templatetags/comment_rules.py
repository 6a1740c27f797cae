"""Template filters that ask a comment's rules, so pages show only what they allow."""

from django import template

register = template.Library()


@register.filter
def editable_by(comment, author):
    """Whether `author` may edit or delete `comment` now (`Comment.is_editable_by`),
    which is what the edit and delete pages ask too."""
    return author is not None and comment.is_editable_by(author)
