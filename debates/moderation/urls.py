"""URLs of the moderators' pages, under /moderation/."""

from django.urls import path, re_path

from . import views as staff

app_name = "moderation"

urlpatterns = [
    path("", staff.queue, name="queue"),
    path("audit/", staff.audit_trail, name="audit"),
    path("comments/<int:pk>/", staff.comment_detail, name="comment"),
    re_path(
        r"^comments/(?P<pk>[0-9]+)/(?P<verb>approve|restore|reject|remove)/$",
        staff.comment_decide,
        name="decide",
    ),
    path("comments/<int:pk>/pick/", staff.comment_pick, name="pick"),
    path("comments/<int:pk>/review/", staff.comment_review, name="review"),
    path("comments/<int:pk>/unmask/", staff.comment_unmask, name="unmask"),
    path("debates/<slug:slug>/", staff.debate_detail, name="debate"),
    path("debates/<slug:slug>/close/", staff.debate_close, name="close"),
    path("debates/<slug:slug>/open/", staff.debate_open, name="open"),
    path("debates/<slug:slug>/schedule/", staff.debate_schedule, name="schedule"),
    path("debates/<slug:slug>/mode/", staff.debate_mode, name="mode"),
    path("authors/<int:pk>/", staff.author_detail, name="author"),
    path("authors/<int:pk>/suspend/", staff.author_suspend, name="suspend"),
    path("authors/<int:pk>/lift/", staff.author_lift, name="lift"),
    path(
        "authors/<int:pk>/clear-record/",
        staff.author_clear_record,
        name="clear_record",
    ),
]
