from django.contrib.admin.apps import AdminConfig


class ForumAdminConfig(AdminConfig):
    """The admin, on the forum's own site class (forum.admin_site)."""

    default_site = "forum.admin_site.ForumAdminSite"
