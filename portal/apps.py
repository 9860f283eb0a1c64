from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The foundation: pages every family needs, municipalities, people and site search."""

    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save
        from taggit.models import Tag
        from wagtail.models import PageViewRestriction, Site

        from portal import (
            content_version,
            sections,  # noqa: F401  (registers portal's own sections)
        )
        from portal.models import (
            Person,
            PortalImage,
            ProgrammeGoal,
            SiteSettings,
            TargetGroup,
        )
        from portal.site_root import configure_site
        from portal.slugs import ascii_tag_slug

        pre_save.connect(
            ascii_tag_slug, sender=Tag, dispatch_uid="portal_ascii_tag_slug"
        )
        post_migrate.connect(
            configure_site, sender=self, dispatch_uid="portal_configure_site"
        )
        content_version.connect(
            [
                Site,
                SiteSettings,
                Tag,
                Person,
                TargetGroup,
                ProgrammeGoal,
                PortalImage,
                # A page made private must leave every cache at once.
                PageViewRestriction,
            ]
        )
