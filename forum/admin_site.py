"""The forum's admin site: Django's, named for the forum, with its sign-in page
limited like the site's own (see debates.ratelimit.sign_in_limited), and open to
staff only past their second factor where it is required."""

from django.contrib import admin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from debates.participation.two_factor import second_factor_missing
from debates.ratelimit import sign_in_limited


class ForumAdminSite(admin.AdminSite):
    site_header = _("Revived Debates administration")
    site_title = _("Revived Debates")
    index_title = _("Debates, comments and moderation")
    # The lists need the width more than a second menu of the models beside them.
    enable_nav_sidebar = False

    def has_permission(self, request):
        """Staff, as Django's admin asks, and with FORUM_STAFF_TWO_FACTOR on,
        only once the session has passed the second factor."""
        return super().has_permission(request) and not second_factor_missing(request)

    @method_decorator(never_cache)
    @method_decorator(sign_in_limited)
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)
