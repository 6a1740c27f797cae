"""Every page type the forum serves, built once for the tests that read them all: the
HTML validator's and the Korean interface's."""

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, TestCase
from django.urls import reverse

from debates.models import Article, Comment, ModerationAction, Report, Suspension
from debates.moderation.actions import remove_comment
from debates.notifications.emails import Letter
from debates.participation.posting import ask_for_review, post_comment
from tests.builders import PASSWORD, make_word_rule


def served(client, path, status=200, *, method="get", data=None):
    response = getattr(client, method)(path, data)
    assert response.status_code == status, path
    assert response["Content-Type"].startswith("text/html"), path
    return response.content


def every_page_type(thread, reader, moderator, rule):
    """Every page type the forum serves, by name, as served to its kind of reader,
    in the active language (the paths are reversed in it), and the error pages
    and an email as rendered."""
    first = Comment.objects.get(debate=thread, position=1)
    own = post_comment(debate=thread, author=reader.author, body="Leaving is leaving.")
    removed = post_comment(debate=thread, author=reader.author, body="Sharp words.")
    remove_comment(comment=removed, by=None, rule=rule)
    under_review = post_comment(debate=thread, author=reader.author, body="Look again.")
    remove_comment(comment=under_review, by=None, rule=rule)
    ask_for_review(comment=under_review, author=reader.author, note="It was fair.")
    Report.objects.create(comment=first, reporter=reader, reason="spam")
    make_word_rule("gook*", "mask")
    make_word_rule("withdraw*", "flag")
    make_word_rule("미군놈", "hold")
    masked = post_comment(
        debate=thread, author=reader.author, body="Gooks? Withdraw that word."
    )
    held = post_comment(debate=thread, author=reader.author, body="미군놈들이 간다.")
    article = Article.objects.order_by("pk").first()
    slug = thread.slug
    pages = {}

    visitor = Client()
    for name, path in {
        "home": reverse("debates:home"),
        "debate": thread.get_absolute_url(),
        "debate, newest first": thread.get_absolute_url() + "?sort=newest",
        "debate, one stance": thread.get_absolute_url() + "?stance=agree",
        "editors' picks": reverse("debates:picks", kwargs={"slug": slug}),
        "article": article.get_absolute_url(),
        "archived author": reverse("debates:author", kwargs={"pk": first.author_id}),
        "search results": reverse("debates:search") + "?q=troops",
        "search, nothing found": reverse("debates:search") + "?q=zzzqqq",
        "sign in": reverse("login"),
        "sign up": reverse("debates:signup"),
        "password reset": reverse("password_reset"),
        "password reset sent": reverse("password_reset_done"),
        "password reset, broken link": reverse(
            "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "not-a-token"}
        ),
        "password changed": reverse("password_reset_complete"),
        "privacy": reverse("privacy"),
    }.items():
        pages[name] = served(visitor, path)
    pages["not found"] = served(
        visitor, reverse("debates:detail", kwargs={"slug": "no-such-debate"}), 404
    )

    signed_in = Client()
    signed_in.force_login(reader)
    for name, path in {
        "debate, signed in": thread.get_absolute_url(),
        "reply": reverse("debates:reply", kwargs={"slug": slug, "pk": first.pk}),
        "edit": reverse("debates:edit", kwargs={"slug": slug, "pk": own.pk}),
        "delete": reverse("debates:delete", kwargs={"slug": slug, "pk": own.pk}),
        "ask for a review": reverse(
            "debates:review", kwargs={"slug": slug, "pk": removed.pk}
        ),
        "report": reverse("debates:report", kwargs={"slug": slug, "pk": first.pk}),
        "own author page": reverse("debates:author", kwargs={"pk": reader.author.pk}),
        "notification settings": reverse("debates:notification_settings"),
        "search, signed in": reverse("debates:search") + "?q=troops",
        "account": reverse("debates:account"),
        "password change": reverse("password_change"),
        "password change done": reverse("password_change_done"),
    }.items():
        pages[name] = served(signed_in, path)
    with TestCase.captureOnCommitCallbacks(execute=True):
        signed_in.post(reverse("debates:ask_for_my_data"))
    pages["account, data ready"] = served(signed_in, reverse("debates:account"))
    pages["forbidden"] = served(signed_in, reverse("moderation:queue"), 403)
    pages["account closing"] = served(
        signed_in,
        reverse("debates:close_account"),
        method="post",
        data={"comments": "keep", "password": PASSWORD},
    )

    staff = Client()
    staff.force_login(moderator)
    for name, path in {
        "moderation queue": reverse("moderation:queue"),
        "moderation debate": reverse("moderation:debate", kwargs={"slug": slug}),
        "moderation comment": reverse("moderation:comment", kwargs={"pk": first.pk}),
        "moderation comment, review asked": reverse(
            "moderation:comment", kwargs={"pk": under_review.pk}
        ),
        "moderation comment, masked and flagged": reverse(
            "moderation:comment", kwargs={"pk": masked.pk}
        ),
        "moderation comment, held by a rule": reverse(
            "moderation:comment", kwargs={"pk": held.pk}
        ),
        "moderation author": reverse("moderation:author", kwargs={"pk": own.author_id}),
        "audit trail": reverse("moderation:audit"),
        "two-factor setup": reverse("two_factor_setup"),
        "two-factor code": reverse("two_factor_verify"),
    }.items():
        pages[name] = served(staff, path)

    admin = Client()
    admin.force_login(
        User.objects.create_superuser("root", "root@example.org", "x-Long-pass-99")
    )
    admin_pages = {"admin index": reverse("admin:index")}
    for model in [Comment, ModerationAction, Report, Suspension]:
        label = model._meta.model_name
        admin_pages[f"admin {label} list"] = reverse(
            f"admin:debates_{label}_changelist"
        )
    for instance in [thread, first, first.author, article, rule]:
        label = instance._meta.model_name
        admin_pages[f"admin {label} list"] = reverse(
            f"admin:debates_{label}_changelist"
        )
        admin_pages[f"admin {label} form"] = reverse(
            f"admin:debates_{label}_change", args=[instance.pk]
        )
    admin_pages["admin word rule list"] = reverse("admin:debates_wordrule_changelist")
    admin_pages["admin word rule import"] = reverse("admin:debates_wordrule_import")
    for name, path in admin_pages.items():
        pages[name] = served(admin, path)
    pages["admin word rules tried"] = served(
        admin,
        reverse("admin:debates_wordrule_try"),
        method="post",
        data={"text": "미군놈들이 gooks", "pattern": "간다", "action": "refuse"},
    )
    asking_why = admin.post(
        reverse("admin:debates_debate_changelist"),
        {"action": "close_debates", "_selected_action": [thread.pk]},
    )
    pages["admin close, asking why"] = asking_why.content

    request = RequestFactory().get("/")
    for template in ["400.html", "403_csrf.html", "429.html", "500.html", "503.html"]:
        context = {"retry_after": 90} if template == "429.html" else {}
        pages[template] = render_to_string(template, context, request).encode()

    letter = Letter(greeting="Hello Ji-woo")
    letter.say("Sam, Leeds replied to your comment:")
    letter.quote("I see it differently.\n\nHere is why.")
    letter.link("Read it in the debate", "https://forum.example.org/debates/x/")
    letter.footer = [{"kind": "link", "label": "Stop these emails", "url": "/x/"}]
    pages["notification email"] = letter.html("Sam, Leeds replied").encode()
    return pages
