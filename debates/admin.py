"""The Django admin for debates, comments, authors and background reading."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import moderation
from .models import Article, Author, Comment, Debate

# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "title",
        "state",
        "comments_link",
        "archived_on_display",
        "state_changed_at",
        "state_changed_by",
    ]
    list_filter = ["state"]
    search_fields = ["title", "introduction", "question"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["background_reading"]
    readonly_fields = ["state", "state_changed_at", "state_changed_by", "state_reason"]
    actions = ["close_debates", "open_debates"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "introduction", "question"]}),
        (
            "State (change it with the actions or on the debate's page)",
            {"fields": readonly_fields},
        ),
        (
            "Origin",
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
        ("Background reading", {"fields": ["background_reading"]}),
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

    @admin.display(description="Comments", ordering="comment_total")
    def comments_link(self, debate):
        url = (
            reverse("admin:debates_comment_changelist")
            + f"?debate__id__exact={debate.pk}"
        )
        label = f"{debate.comment_total} comments"
        if debate.removed_total:
            label += f" ({debate.removed_total} hidden)"
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="Original date", ordering="archived_on")
    def archived_on_display(self, debate):
        return debate.archived_on_display or "—"

    def _change_states(self, request, queryset, change, verb):
        changed = sum(change(debate=debate, by=request.user) for debate in queryset)
        self.message_user(request, f"{changed} debate(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Close the selected debates", permissions=["open_close"])
    def close_debates(self, request, queryset):
        self._change_states(request, queryset, moderation.close_debate, "closed")

    @admin.action(description="Reopen the selected debates", permissions=["open_close"])
    def open_debates(self, request, queryset):
        self._change_states(request, queryset, moderation.open_debate, "reopened")

    def has_open_close_permission(self, request):
        return request.user.has_perm("debates.open_close_debate")

    def save_related(self, request, form, formsets, change):
        # Runs after the debate and its background reading are saved: pages cached
        # under the old version must go.
        super().save_related(request, form, formsets, change)
        Debate.objects.filter(pk=form.instance.pk).bump_version()


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "author",
        "debate",
        "position",
        "posted_at",
        "is_archived",
        "status",
        "has_highlight",
    ]
    list_filter = ["status", "is_archived", "debate"]
    search_fields = ["body", "highlight", "author__name", "author__place"]
    list_select_related = ["author", "debate"]
    raw_id_fields = ["author"]
    readonly_fields = ["debate", "position", "is_archived", "posted_at", "status"]
    actions = ["hide_comments", "restore_comments"]

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="Pull-quote", boolean=True)
    def has_highlight(self, comment):
        return bool(comment.highlight)

    @admin.action(description="Hide the selected comments", permissions=["hide"])
    def hide_comments(self, request, queryset):
        hidden = moderation.hide_comments(comments=queryset)
        self.message_user(request, f"{hidden} comment(s) hidden.", messages.SUCCESS)

    @admin.action(description="Restore the selected comments", permissions=["hide"])
    def restore_comments(self, request, queryset):
        restored = moderation.restore_comments(comments=queryset)
        self.message_user(request, f"{restored} comment(s) restored.", messages.SUCCESS)

    def has_hide_permission(self, request):
        return request.user.has_perm("debates.hide_comment")

    def has_add_permission(self, request):
        # Comments come from readers or the archive, with positions set by posting.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Debate.objects.filter(pk=obj.debate_id).bump_version()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "user", "comment_count", "created_at"]
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

    @admin.display(description="Comments", ordering="comment_total")
    def comment_count(self, author):
        return author.comment_total


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "publisher_display", "published_display", "url"]
    search_fields = ["title", "publisher", "body"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.debates.bump_version()

    @admin.display(description="Publisher", ordering="publisher")
    def publisher_display(self, article):
        return article.publisher_display

    @admin.display(description="Published", ordering="published_on")
    def published_display(self, article):
        return article.published_display or "—"
