"""The page's languages: the switcher, the alternates a page publishes for each
language, and content shown in the reader's language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from ..site_address import absolute_url

register = template.Library()


def _page_path(context):
    """The address of this page, without a reader's own query: the canonical one
    where the view names it (it keeps ?page=2), the request's path otherwise."""
    path = context.get("canonical_path")
    if path:
        return path
    request = context.get("request")
    return request.path if request is not None else "/"


@register.inclusion_tag("_language_alternates.html", takes_context=True)
def language_alternates(context):
    """A `<link rel="alternate" hreflang>` for the page in each language, and the
    English one as the default for readers of any other."""
    path = _page_path(context)
    alternates = [
        {"hreflang": code, "href": absolute_url(translate_url(path, code))}
        for code, _name in settings.LANGUAGES
    ]
    default = absolute_url(translate_url(path, settings.LANGUAGE_CODE))
    return {"alternates": alternates, "default": default}


@register.inclusion_tag("_language_switcher.html", takes_context=True)
def language_switcher(context):
    """A button for each other language, posting to the switcher; it works with
    no script at all."""
    current = get_language()
    user = context.get("user")
    return {
        "choices": [
            {"code": code, "name": name}
            for code, name in settings.LANGUAGES
            if code != current
        ],
        "next": _page_path(context),
        "with_token": user is not None and user.is_authenticated,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def shown(obj, field):
    """A translatable model's `field` in the reader's language, or the original
    where it has no translation: `{{ debate|shown:"title" }}`, with the language
    of what is shown in `.language`."""
    return obj.shown(field)
