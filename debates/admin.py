"""The Django admin for debates, comments, authors and background reading."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import (
    Article,
    Author,
    Comment,
    Debate,
    HouseRule,
    ModerationAction,
    OutgoingEmail,
    Report,
    ReviewRequest,
    SignatureChange,
    Stance,
    Suspension,
)
from .models.choices import NO_STANCE_LABEL
from .moderation import actions as moderation
from .moderation.forms import DebateStateForm
from .notifications import outbox
from .privacy import archived
from .translation_admin import DebateTranslationInline, HouseRuleTranslationInline

# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class StanceInline(admin.TabularInline):
    """The answers a debate's comments can give. A stance that comments take cannot
    be deleted: correct their stances first."""

    model = Stance
    extra = 0
    fields = ["order", "key", "label"]
    prepopulated_fields = {"key": ["label"]}


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    inlines = [StanceInline, DebateTranslationInline]
    list_display = ["title", "state", "comments_link", "archived_on_display"]
    list_filter = ["state"]
    search_fields = ["title", "introduction", "question"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["background_reading"]
    # Changed through the moderators' pages or actions, which write the audit trail.
    readonly_fields = [
        "state",
        "state_changed_at",
        "state_changed_by",
        "state_reason",
        "closes_at",
        "moderation_mode",
    ]
    actions = ["close_debates", "open_debates"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "question"]}),
        (
            _("State and moderation (change them on the debate's moderation page)"),
            {"fields": readonly_fields},
        ),
        (
            _("Origin"),
            {
                "fields": [
                    "source_name",
                    "source_url",
                    ("archived_on", "archived_on_precision"),
                    "archive_notice",
                    "provenance",
                ]
            },
        ),
        (_("Background reading"), {"fields": ["background_reading"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("state_changed_by")
            .annotate(
                comment_total=Count("comments"),
                removed_total=Count(
                    "comments", filter=Q(comments__status=Comment.Status.REMOVED)
                ),
            )
        )

    @admin.display(description=_("Comments"), ordering="comment_total")
    def comments_link(self, debate):
        url = (
            reverse("admin:debates_comment_changelist")
            + f"?debate__id__exact={debate.pk}"
        )
        counts = {"count": debate.comment_total, "hidden": debate.removed_total}
        if debate.removed_total:
            label = gettext("%(count)s comments (%(hidden)s hidden)") % counts
        else:
            label = gettext("%(count)s comments") % counts
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("Original date"), ordering="archived_on")
    def archived_on_display(self, debate):
        return debate.archived_on_display or "—"

    def _change_states(self, request, queryset, change, *, title, intro, done):
        """Close or reopen the selected debates after a page that asks for the
        reason, as the debate's moderation page does; readers see it in the
        debate's timeline and the audit trail keeps it."""
        form = DebateStateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            changed = sum(
                change(debate=debate, by=request.user, reason=reason)
                for debate in queryset
            )
            unchanged = queryset.count() - changed
            message = done % {"count": changed}
            if unchanged:
                message += " " + ngettext(
                    "%(count)s already was.", "%(count)s already were.", unchanged
                ) % {"count": unchanged}
            self.message_user(request, message, messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/debates/debate/change_state.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "debates": queryset,
                "form": form,
                "action": request.POST["action"],
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "opts": self.model._meta,
                "intro": intro,
            },
        )

    @admin.action(
        description=_("Close the selected debates"), permissions=["open_close"]
    )
    def close_debates(self, request, queryset):
        return self._change_states(
            request,
            queryset,
            moderation.close_debate,
            title=gettext("Close debates"),
            intro=gettext("These debates will be closed:"),
            done=ngettext_lazy(
                "%(count)s debate closed.", "%(count)s debates closed.", "count"
            ),
        )

    @admin.action(
        description=_("Reopen the selected debates"), permissions=["open_close"]
    )
    def open_debates(self, request, queryset):
        return self._change_states(
            request,
            queryset,
            moderation.open_debate,
            title=gettext("Reopen debates"),
            intro=gettext("These debates will be reopened:"),
            done=ngettext_lazy(
                "%(count)s debate reopened.", "%(count)s debates reopened.", "count"
            ),
        )

    def has_open_close_permission(self, request):
        return request.user.has_perm("debates.open_close_debate")


class AtRequestForm(forms.Form):
    """Who asked, for the audit trail, when a 2004 reader's words are erased."""

    requested_by = forms.CharField(
        label=_("Who asked, and how"),
        max_length=200,
        help_text=_("E.g. “the author, by email to the newsroom on 3 December”."),
    )
    note = forms.CharField(
        label=_("Note for the audit trail"), max_length=500, required=False
    )


def _at_request(modeladmin, request, queryset, act, *, title, done):
    """Ask who made the request, then act on each selected row; an intermediate
    page as Django's own delete confirmation is."""
    form = AtRequestForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        count, refused = 0, []
        for item in queryset:
            try:
                act(item, by=request.user, **form.cleaned_data)
                count += 1
            except moderation.ModerationError as refusal:
                refused.append(f"{item}: {refusal}")
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
        for message in refused:
            modeladmin.message_user(request, message, messages.WARNING)
        return None
    return TemplateResponse(
        request,
        "admin/debates/at_request.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "items": queryset,
            "form": form,
            "action": request.POST["action"],
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "opts": modeladmin.model._meta,
        },
    )


@admin.action(
    description=_("Sign as “A reader, 2004”, at the reader's request"),
    permissions=["moderate"],
)
def anonymise_at_request(modeladmin, request, queryset):
    return _at_request(
        modeladmin,
        request,
        queryset,
        lambda author, **kwargs: archived.anonymise_archived_author(
            author=author, **kwargs
        ),
        title=gettext("Anonymise archived readers at their request"),
        done=gettext("%(count)s reader(s) now signed “A reader, 2004”."),
    )


@admin.action(
    description=_("Remove at the author's request (erases the words)"),
    permissions=["moderate"],
)
def remove_at_request(modeladmin, request, queryset):
    return _at_request(
        modeladmin,
        request,
        queryset,
        lambda comment, **kwargs: archived.remove_at_authors_request(
            comment=comment, **kwargs
        ),
        title=gettext("Remove comments at their authors' request"),
        done=gettext("%(count)s comment(s) removed at the author's request."),
    )


def _may_moderate(modeladmin, request):
    """Moderators act on the 2004 readers' requests (`permissions=["moderate"]`)."""
    return request.user.has_perm("debates.moderate_comment")


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [
            ("open", gettext("With open reports")),
            ("any", gettext("Ever reported")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reports__resolved_at=None, reports__isnull=False)
        if self.value() == "any":
            return queryset.filter(reports__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "author",
        "stance",
        "status",
        "posted",
        "is_pick",
        "recommendation_count",
    ]
    list_filter = ["status", ReportedFilter, "is_archived", "debate", "stance"]
    search_fields = ["body", "highlight", "author__name", "author__place"]
    list_select_related = ["author", "debate", "stance"]
    raw_id_fields = ["author"]
    fields = [
        "debate",
        "author",
        "position",
        "posted",
        "is_archived",
        "body",
        "stance",
        "highlight",
        "recommendation_count",
        "status",
        "moderated_at",
        "moderated_by",
        "moderation_rule",
        "moderation_note",
    ]
    # State changes go through the actions, which write the audit trail. The stance
    # alone is edited here, and saved through moderation.set_stance, which writes it.
    readonly_fields = [
        "debate",
        "author",
        "position",
        "is_archived",
        "posted",
        "body",
        "status",
        "highlight",
        "recommendation_count",
        "moderated_at",
        "moderated_by",
        "moderation_rule",
        "moderation_note",
    ]
    actions = ["approve_comments", "restore_comments", remove_at_request]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("debates.moderate_comment"):
            return self.readonly_fields
        return [*self.readonly_fields, "stance"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "stance" in form.base_fields:
            stance = form.base_fields["stance"]
            stance.queryset = obj.debate.stances.all()
            stance.empty_label = NO_STANCE_LABEL
            stance.help_text = gettext(
                "Correcting it recounts the balance of opinion at once and is "
                "recorded in the audit trail."
            )
        return form

    @admin.display(description=_("Comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("Posted"), ordering="posted_at")
    def posted(self, comment):
        """Only what is known: the archive's month for an archived comment, never
        a made-up midnight."""
        if comment.is_archived:
            return comment.debate.archived_on_display
        return date_format(timezone.localtime(comment.posted_at), gettext("j M Y, H:i"))

    # Translators: a column: whether the comment is an editor's pick.
    @admin.display(description=pgettext_lazy("editor's pick", "Pick"), boolean=True)
    def is_pick(self, comment):
        return comment.is_pick

    def get_actions(self, request):
        """Approve and restore, plus reject and remove under each house rule: a
        rejection or removal always cites one."""
        actions = super().get_actions(request)
        if not request.user.has_perm("debates.moderate_comment"):
            return actions
        for rule in HouseRule.objects.all():
            for verb, decide, description in [
                (
                    "reject",
                    moderation.reject_comment,
                    gettext("Reject the selected comments under %(rule)s"),
                ),
                (
                    "remove",
                    moderation.remove_comment,
                    gettext("Remove the selected comments under %(rule)s"),
                ),
            ]:
                name = f"{verb}_under_rule_{rule.number}"
                actions[name] = (
                    self._decision_action(decide, rule=rule),
                    name,
                    description % {"rule": rule},
                )
        return actions

    def _decision_action(self, decide, **arguments):
        def action(modeladmin, request, queryset):
            self._decide_each(request, queryset, decide, **arguments)

        return action

    def _decide_each(self, request, queryset, decide, **arguments):
        done, refused = 0, []
        for comment in queryset.select_related("author"):
            try:
                decide(comment=comment, by=request.user, **arguments)
            except moderation.ModerationError as refusal:
                refused.append(f"{comment.author}: {refusal}")
            else:
                done += 1
        self.message_user(
            request,
            gettext("%(count)s comment(s) done.") % {"count": done},
            messages.SUCCESS,
        )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(
        description=_("Approve the selected comments"), permissions=["moderate"]
    )
    def approve_comments(self, request, queryset):
        self._decide_each(request, queryset, moderation.approve_comment)

    @admin.action(
        description=_("Restore the selected comments"), permissions=["moderate"]
    )
    def restore_comments(self, request, queryset):
        self._decide_each(request, queryset, moderation.restore_comment)

    def has_moderate_permission(self, request):
        return request.user.has_perm("debates.moderate_comment")

    def has_add_permission(self, request):
        # Comments come from readers or the archive, with positions set by posting.
        return False

    def has_delete_permission(self, request, obj=None):
        # Moderation hides; nothing a moderator does deletes a comment's text.
        return False

    def save_model(self, request, obj, form, change):
        # The stance is the only field the form can change.
        if "stance" in form.changed_data:
            moderation.set_stance(
                comment=obj, by=request.user, stance=form.cleaned_data["stance"]
            )


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "user", "comment_count", "created_at"]
    actions = [anonymise_at_request]
    has_moderate_permission = _may_moderate
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "place", "user__username"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(comment_total=Count("comments"))
        )

    @admin.display(description=_("Comments"), ordering="comment_total")
    def comment_count(self, author):
        return author.comment_total


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "publisher_display", "published_display", "url"]
    search_fields = ["title", "publisher", "body"]
    prepopulated_fields = {"slug": ["title"]}

    @admin.display(description=_("Publisher"), ordering="publisher")
    def publisher_display(self, article):
        return article.publisher_display

    @admin.display(description=_("Published"), ordering="published_on")
    def published_display(self, article):
        return article.published_display or "—"


@admin.register(HouseRule)
class HouseRuleAdmin(admin.ModelAdmin):
    inlines = [HouseRuleTranslationInline]
    list_display = ["number", "title"]
    search_fields = ["title", "text"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record written by the moderation functions, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "by", "verb", "author", "rule", "why", "detail"]
    list_filter = ["verb", "debate"]
    search_fields = ["note", "detail", "author__name", "moderator__username"]
    list_select_related = ["moderator", "debate", "author", "rule"]
    date_hierarchy = "created_at"

    # Translators: a column of the audit trail: who acted.
    @admin.display(description=_("By"), ordering="moderator__username")
    def by(self, action):
        return action.moderator or gettext("the forum")

    # Translators: a column of the audit trail: the reason given.
    @admin.display(description=_("Why"), ordering="note")
    def why(self, action):
        return action.note or "—"


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "reporter", "comment", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["reporter", "comment__author", "comment__debate"]


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin):
    """Authors' requests for a review; answered on the moderation pages, where
    the rule that another moderator answers is kept."""

    list_display = ["asked_at", "comment", "decision_reviewed", "outcome", "decided_by"]
    list_filter = ["outcome", ("decided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["comment__author", "comment__debate", "decided_by"]


@admin.register(SignatureChange)
class SignatureChangeAdmin(ReadOnlyAdmin):
    """Readers' changes of signature, for moderators: who signed how, when."""

    list_display = ["changed_at", "author", "__str__", "resigned"]
    list_filter = ["resigned"]
    search_fields = ["old_name", "new_name", "old_place", "new_place"]
    list_select_related = ["author"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin):
    list_display = ["author", "starts_at", "ends_at", "lifted_at", "rule", "created_by"]
    list_select_related = ["author", "rule", "created_by"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox, for operators: what waits, what was sent, what was given up and
    why. Written and sent only by debates.notifications.outbox."""

    list_display = ["created_at", "kind", "to", "subject", "state", "attempts", "error"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    exclude = ["text", "html"]

    @admin.display(description=_("Last error"), ordering="last_error")
    def error(self, email):
        return Truncator(email.last_error).chars(80) or "—"

    @admin.action(description=_("Try the given-up emails again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbox.retry_failed(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s given-up email queued again.",
                "%(count)s given-up emails queued again.",
                count,
            )
            % {"count": count}
            if count
            else gettext(
                "None of those emails was given up, so none was queued again."
            ),
            messages.SUCCESS if count else messages.WARNING,
        )


from .automoderation import admin as automoderation_admin  # noqa: E402, F401  the rules' admin
