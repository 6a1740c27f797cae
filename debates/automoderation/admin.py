"""The automatic rules in the admin: word rules with a box to try them and CSV
import and export, the domain lists, and what the rules did (read only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ..models import AutomaticFlag, LinkDomain, WordRule
from ..models.choices import RuleAction
from ..models.link_domain import domain_of
from .judging import try_rules
from .rule_lists import RuleListError, export_rules, import_rules

MAX_LIST_BYTES = 2 * 1024 * 1024


class TryRulesForm(forms.Form):
    text = forms.CharField(
        label=_("Text to try"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
        max_length=10_000,
        help_text=_("A comment, reply or signature as a reader might write it."),
    )
    pattern = forms.CharField(
        label=_("And a rule not yet saved"),
        max_length=200,
        required=False,
        help_text=_("Optional: a pattern to try beside the saved rules."),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=RuleAction.choices,
        initial=RuleAction.HOLD,
        required=False,
    )
    as_staff = forms.BooleanField(
        label=_("Posted by staff or a moderator"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pattern"):
            draft = WordRule(
                pattern=cleaned["pattern"], action=cleaned.get("action") or "hold"
            )
            try:
                draft.clean()
            except forms.ValidationError as error:
                self.add_error("pattern", error.message_dict["pattern"])
            cleaned["draft"] = draft
        return cleaned


class ImportRulesForm(forms.Form):
    rule_list = forms.FileField(
        label=_("CSV file"),
        # Translators: keep the column names in English: the file names them so.
        help_text=_("Columns: pattern, action, house_rule, applies_to_staff, note."),
    )

    def clean_rule_list(self):
        upload = self.cleaned_data["rule_list"]
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 2 MB."))
        return upload


OUTCOMES = {
    RuleAction.REFUSE: _("Refused: the poster is told which rule, and keeps the text."),
    RuleAction.HOLD: _("Held for review: it waits in the moderation queue."),
    RuleAction.FLAG: _("Published, and flagged in the moderation queue."),
    RuleAction.MASK: _("Published with the matched words masked."),
}

# The try page's column of what each matching rule does.
ACTION_NAMES = {
    RuleAction.REFUSE: pgettext_lazy("rule action", "Refuse"),
    RuleAction.HOLD: pgettext_lazy("rule action", "Hold"),
    RuleAction.FLAG: pgettext_lazy("rule action", "Flag"),
    RuleAction.MASK: pgettext_lazy("rule action", "Mask"),
}


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ["pattern", "action", "house_rule", "applies_to_staff", "updated_at"]
    list_filter = ["action", "applies_to_staff", "house_rule"]
    search_fields = ["pattern", "note"]
    list_select_related = ["house_rule"]
    actions = ["export_selected"]
    change_list_template = "admin/debates/wordrule/change_list.html"

    def get_urls(self):
        return [
            path(
                "try/",
                self.admin_site.admin_view(self.try_view),
                name="debates_wordrule_try",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="debates_wordrule_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="debates_wordrule_export",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template, context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                **context,
            },
        )

    def try_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = TryRulesForm(request.POST or None)
        verdict = None
        if request.method == "POST" and form.is_valid():
            verdict = try_rules(
                form.cleaned_data["text"],
                draft=form.cleaned_data.get("draft"),
                as_staff=form.cleaned_data["as_staff"],
            )
        return self._page(
            request,
            "admin/debates/wordrule/try.html",
            {
                "title": gettext("Try the rules"),
                "form": form,
                "verdict": verdict,
                "outcome": OUTCOMES.get(verdict.action) if verdict else None,
                "findings": [
                    (finding, ACTION_NAMES[finding.action])
                    for finding in verdict.findings
                ]
                if verdict
                else [],
                "words": [w for f in verdict.findings for w in f.words]
                if verdict
                else [],
            },
        )

    def import_view(self, request):
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        form = ImportRulesForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                done = import_rules(form.cleaned_data["rule_list"].read())
            except RuleListError as error:
                problems = error.problems
            else:
                self.message_user(
                    request,
                    gettext("Imported: %(created)s rules added, %(updated)s updated.")
                    % {"created": done.created, "updated": done.updated},
                    messages.SUCCESS,
                )
                return redirect("admin:debates_wordrule_changelist")
        return self._page(
            request,
            "admin/debates/wordrule/import.html",
            {
                "title": gettext("Import a rule list"),
                "form": form,
                "problems": problems,
            },
        )

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv(WordRule.objects.all())

    @admin.action(
        description=_("Export the selected rules as CSV"), permissions=["view"]
    )
    def export_selected(self, request, queryset):
        return self._csv(queryset)

    @staticmethod
    def _csv(rules):
        response = HttpResponse(
            export_rules(rules), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="word-rules.csv"'
        return response


class LinkDomainForm(forms.ModelForm):
    class Meta:
        model = LinkDomain
        fields = ["domain", "listing", "note"]

    def clean_domain(self):
        return domain_of(self.cleaned_data["domain"])


@admin.register(LinkDomain)
class LinkDomainAdmin(admin.ModelAdmin):
    form = LinkDomainForm
    list_display = ["domain", "listing", "note"]
    list_filter = ["listing"]
    search_fields = ["domain", "note"]


@admin.register(AutomaticFlag)
class AutomaticFlagAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "kind",
        "reason",
        "on_comment",
        "resolved_at",
    ]
    list_filter = ["action", "kind"]
    search_fields = ["reason"]
    list_select_related = ["comment"]

    @admin.display(description=_("Comment"))
    def on_comment(self, flag):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("moderation:comment", args=[flag.comment_id]),
            gettext("comment %(number)s") % {"number": flag.comment_id},
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
