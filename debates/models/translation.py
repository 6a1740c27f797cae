"""Content in more than one language: a debate's title, introduction and question,
its stances' labels and the house rules, each with versions in the forum's other
languages, entered in the admin.

The forum keeps its own small models rather than a translation library: there are
three translated models and one other language, the originals stay where exports,
search and the audit trail already read them, and a translation is a row that a
fixture carries by natural key. Readers see their language where it exists and the
original otherwise, never a blank.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..search import korean
from .freshness import FreshQuerySet

# The languages a text can be written in, named in their own tongue.
CONTENT_LANGUAGES = [("en", "English"), ("ko", "한국어")]
ORIGINAL_LANGUAGE = "en"


def content_language(language=None):
    """The content language of an interface language: "en-gb" → "en"."""
    code = (language or get_language() or ORIGINAL_LANGUAGE).split("-")[0].lower()
    return code if code in dict(CONTENT_LANGUAGES) else ORIGINAL_LANGUAGE


def translations_to_fetch(through=""):
    """The prefetch a page showing translatable rows asks for: their translations
    (of the rows `through` names, "debate__" for comments' debates), or nothing
    when the reader reads the originals' language."""
    if content_language() == ORIGINAL_LANGUAGE:
        return []
    return [f"{through}translations"]


@dataclass(frozen=True)
class Shown:
    """A text as a reader sees it, and the language it is in (for `lang`)."""

    text: str
    language: str
    translated_by: str = ""

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


class Translatable:
    """For a model with `translations`: its fields in the reader's language.

    Reads `translations.all()`, so a page prefetches them (`with_translations`)
    and asks no query per row."""

    original_language = ORIGINAL_LANGUAGE

    def translation(self, language=None):
        language = content_language(language)
        if language == self.original_language:
            return None
        for row in self.translations.all():
            if row.language == language:
                return row
        return None

    def shown(self, field, language=None):
        row = self.translation(language)
        text = getattr(row, field, "") if row is not None else ""
        if text:
            return Shown(text, row.language, row.translated_by)
        return Shown(getattr(self, field), self.original_language)


class Translation(models.Model):
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[
            (code, name)
            for code, name in CONTENT_LANGUAGES
            if code != ORIGINAL_LANGUAGE
        ],
    )
    translated_by = models.CharField(
        _("translated by"),
        max_length=200,
        blank=True,
        help_text=_("Who made the translation, told to readers beside it."),
    )
    # Not auto_now, which loaddata's raw saves skip: a fixture's translation
    # needs its date too.
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), default=timezone.now, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


class DebateTranslationQuerySet(FreshQuerySet):
    def get_by_natural_key(self, debate_slug, language):
        return self.get(debate__slug=debate_slug, language=language)


# What a search in Korean finds a debate's translation by.
SEARCHED_FIELDS = ("title", "question", "introduction")


class DebateTranslation(Translation):
    debate = models.ForeignKey(
        "debates.Debate",
        verbose_name=_("debate"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    question = models.TextField(_("question"), blank=True)
    search_words = models.TextField(
        verbose_name=_("search words"),
        blank=True,
        editable=False,
        help_text=_(
            "The words search finds the translation by (debates.search.korean); "
            "kept with its title, question and introduction."
        ),
    )

    objects = DebateTranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("debate translation")
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "language"],
                name="one_translation_per_debate_language",
                violation_error_message=_(
                    "This debate already has a translation in that language."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {*update_fields} & {*SEARCHED_FIELDS}:
            self.index_for_search()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_words"}
        super().save(*args, **kwargs)

    def natural_key(self):
        return (*self.debate.natural_key(), self.language)

    natural_key.dependencies = ["debates.debate"]

    def index_for_search(self):
        """Set `search_words` from the translated texts, as the comments' are."""
        self.search_words = korean.search_words(
            " ".join(getattr(self, field) for field in SEARCHED_FIELDS)
        )


class StanceTranslationQuerySet(FreshQuerySet):
    def get_by_natural_key(self, debate_slug, key, language):
        return self.get(
            stance__debate__slug=debate_slug, stance__key=key, language=language
        )


class StanceTranslation(Translation):
    stance = models.ForeignKey(
        "debates.Stance",
        verbose_name=_("stance"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    label = models.CharField(_("label"), max_length=100)

    objects = StanceTranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("stance translation")
        constraints = [
            models.UniqueConstraint(
                fields=["stance", "language"],
                name="one_translation_per_stance_language",
                violation_error_message=_(
                    "This stance already has a translation in that language."
                ),
            )
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.stance.natural_key(), self.language)

    natural_key.dependencies = ["debates.stance"]


class HouseRuleTranslation(Translation):
    rule = models.ForeignKey(
        "debates.HouseRule",
        verbose_name=_("rule"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), blank=True)

    objects = FreshQuerySet.as_manager()

    class Meta:
        verbose_name = _("house rule translation")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "language"],
                name="one_translation_per_rule_language",
                violation_error_message=_(
                    "This rule already has a translation in that language."
                ),
            )
        ]

    def __str__(self):
        return self.title
