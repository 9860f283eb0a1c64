from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    """The foundation: pages every family needs, municipalities, people and site search."""

    name = "portal"
    verbose_name = gettext_lazy("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import (
            post_delete,
            post_migrate,
            post_save,
            pre_migrate,
            pre_save,
        )
        from taggit.models import Tag
        from wagtail.images import get_image_model
        from wagtail.models import CollectionViewRestriction
        from wagtail.signals import page_published

        from portal import (
            alerts,
            content_version,
            kept,
            media,
            page_cache,
            planning,
            sections,  # noqa: F401  (registers portal's own sections)
            stream_forms,
        )
        from portal.search import checks  # noqa: F401  (the dictionary's check)
        from portal.site_root import configure_site
        from portal.slugs import ascii_tag_slug
        from portal.two_factor import (  # noqa: F401  (counts failed sign-ins)
            throttle,
        )

        pre_save.connect(
            ascii_tag_slug, sender=Tag, dispatch_uid="portal_ascii_tag_slug"
        )
        post_migrate.connect(
            configure_site, sender=self, dispatch_uid="portal_configure_site"
        )
        # Before anything migrates: the first migrate's own saves (the Site, the
        # groups) already purge the cache.
        pre_migrate.connect(
            page_cache.create_database_cache_table,
            sender=self,
            dispatch_uid="portal_cache_table",
        )
        # Restricted images keep their files out of the public folders (portal.media).
        post_save.connect(
            media.image_saved, sender=get_image_model(), dispatch_uid="portal_image"
        )
        post_save.connect(
            media.restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid="portal_restriction_saved",
        )
        post_delete.connect(
            media.restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid="portal_restriction_deleted",
        )
        post_migrate.connect(
            media.place_after_migrate, sender=self, dispatch_uid="portal_image_files"
        )
        content_version.connect()
        # A page published for the first time may be news to subscribers.
        page_published.connect(alerts.page_published, dispatch_uid="portal_alerts")
        content_version.on_change(kept.count_change)
        connection_created.connect(
            planning.connection_created, dispatch_uid="portal_statement_planning"
        )
        # Incomplete StreamField data in an admin form is a form error, not a 500.
        stream_forms.register()
        # A new release (templates, sections) must not show fragments of the old one:
        # every deployment migrates.
        post_migrate.connect(
            content_version.raise_now_and_after_commit,
            sender=self,
            dispatch_uid="portal_new_release",
        )
