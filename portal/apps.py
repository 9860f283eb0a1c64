from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The foundation: pages every family needs, municipalities, people and site search."""

    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save
        from taggit.models import Tag

        from portal import (
            content_version,
            page_cache,
            sections,  # noqa: F401  (registers portal's own sections)
        )
        from portal.search import checks  # noqa: F401  (the dictionary's check)
        from portal.site_root import configure_site
        from portal.slugs import ascii_tag_slug

        pre_save.connect(
            ascii_tag_slug, sender=Tag, dispatch_uid="portal_ascii_tag_slug"
        )
        post_migrate.connect(
            configure_site, sender=self, dispatch_uid="portal_configure_site"
        )
        post_migrate.connect(
            page_cache.create_database_cache_table,
            sender=self,
            dispatch_uid="portal_cache_table",
        )
        content_version.connect()
        # A new release (templates, sections) must not show fragments of the old one:
        # every deployment migrates.
        post_migrate.connect(
            content_version.raise_now_and_after_commit,
            sender=self,
            dispatch_uid="portal_new_release",
        )
