from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EventsConfig(AppConfig):
    """Learning arenas in time: gatherings, agendas, reports and registration."""

    name = "events"
    verbose_name = gettext_lazy("Samlinger")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events import listing as events_listing
        from events import (
            notifications,  # noqa: F401 – connects its receivers
            sections,
            views,  # noqa: F401 – serves the page models (events.serving)
        )
        from events.models import GatheringPage, Registration
        from learning import listing
        from portal import content_version, registry

        self.connect_roles()
        # The site search shows the gatherings' list page when a query names it.
        registry.search_keywords["events.GatheringIndexPage"] = (
            "samlinger",
            "fagsamlinger",
            "nettverkssamlinger",
            "arrangementer",
        )
        sections.register()
        # A new gathering is news to those following gatherings (portal.alerts).
        registry.announces(GatheringPage, "gathering")
        # The list of gatherings keeps its counts without filters (portal.kept).
        listing.kept_lists.append(events_listing.kept_lists)
        # Seat counts on gathering pages and listings change with every registration:
        # what shows them is rebuilt, the rest of the site stays as it is.
        content_version.raise_name_when_changed(content_version.SEATS, Registration)

    def connect_roles(self):
        """Organisers and editors get their rights after every migrate, and on each
        new gatherings index (``events.roles``)."""
        from django.db.models.signals import post_migrate, post_save

        from events import roles
        from events.models import GatheringIndexPage

        post_migrate.connect(
            roles.set_up_roles, sender=self, dispatch_uid="events_roles"
        )
        post_save.connect(
            roles.gathering_index_created,
            sender=GatheringIndexPage,
            dispatch_uid="events_gathering_index_roles",
        )
