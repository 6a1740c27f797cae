"""Template tags that write a page's schema.org data (see reading.structured_data)."""

from django import template
from django.utils.safestring import mark_safe

from debates.reading import structured_data

register = template.Library()


@register.simple_tag
def discussion_posting(debate, comments, comment_count, nested):
    return structured_data.discussion_posting(
        debate, comments, comment_count, nested=nested
    )


@register.simple_tag
def news_article(article):
    return structured_data.news_article(article)


@register.filter
def ld_json(data):
    """`data` as the text of a <script type="application/ld+json">: JSON with the
    characters that could close the element written as escapes."""
    return mark_safe(structured_data.as_script_text(data))  # nosec B308 B703
