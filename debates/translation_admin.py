"""The admin's forms for content in the forum's other languages: a debate's title,
introduction and question, its stances' labels and the house rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DebateTranslation, HouseRuleTranslation, Stance, StanceTranslation


class DebateTranslationInline(admin.StackedInline):
    model = DebateTranslation
    extra = 0
    fields = ["language", "title", "introduction", "question", "translated_by"]
    verbose_name_plural = _("Translations (readers of that language see these)")


class HouseRuleTranslationInline(admin.StackedInline):
    model = HouseRuleTranslation
    extra = 0
    fields = ["language", "title", "text", "translated_by"]


@admin.register(StanceTranslation)
class StanceTranslationAdmin(admin.ModelAdmin):
    """Stances are edited inline on their debate, where an inline cannot nest, so
    their translations have a list of their own."""

    list_display = ["label", "stance", "language", "debate"]
    list_filter = ["language", "stance__debate"]
    list_select_related = ["stance__debate"]
    search_fields = ["label", "stance__label"]
    fields = ["stance", "language", "label", "translated_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stance":
            kwargs["queryset"] = Stance.objects.select_related("debate").order_by(
                "debate__title", "order"
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "stance":
            field.label_from_instance = _stance_choice
        return field

    @admin.display(description=_("debate"), ordering="stance__debate__title")
    def debate(self, translation):
        return translation.stance.debate


def _stance_choice(stance):
    return f"{stance.debate.title}: {stance.label}"
