"""Template tags for what other sites read from our pages: full addresses."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on this site, as link previews need."""
    return context["request"].build_absolute_uri(path)
