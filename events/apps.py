from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Learning arenas in time: gatherings, agendas, reports and registration."""

    name = "events"
    verbose_name = "Samlinger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import path, re_path

        from events import (
            loop_views,
            notifications,  # noqa: F401 – connects its receivers
            sections,
            views,
        )
        from events.models import Registration
        from portal import content_version, registry

        registry.allow_on_home_page("events.GatheringIndexPage")
        self.connect_roles()
        # The site search shows the gatherings' list page when a query names it.
        registry.search_keywords["events.GatheringIndexPage"] = (
            "samlinger",
            "fagsamlinger",
            "nettverkssamlinger",
            "arrangementer",
        )
        sections.register()
        # Seat counts on gathering pages and listings change with every registration.
        content_version.raise_when_changed(Registration)
        registry.url_patterns.extend(
            [
                path(
                    "pamelding/sendt/<int:gathering_id>/",
                    views.registration_sent,
                    name="registration_sent",
                ),
                path(
                    "pamelding/<str:token>/",
                    views.registration_detail,
                    name="registration_detail",
                ),
                path(
                    "pamelding/<str:token>/bekreft/",
                    views.registration_confirm,
                    name="registration_confirm",
                ),
                path(
                    "pamelding/<str:token>/avmeld/",
                    views.registration_cancel,
                    name="registration_cancel",
                ),
                path(
                    "pamelding/<str:token>/kalender.ics",
                    views.registration_calendar,
                    name="registration_calendar",
                ),
                path(
                    "evaluering/<str:token>/",
                    loop_views.evaluation,
                    name="loop_evaluation",
                ),
                path(
                    "oppfolging/<str:token>/",
                    loop_views.followup,
                    name="loop_followup",
                ),
                path(
                    "ingen-flere-eposter/<str:token>/",
                    loop_views.opt_out,
                    name="loop_opt_out",
                ),
                # <page url>kalender.ics: Wagtail's own pattern allows no dot.
                re_path(
                    r"^(?P<page_path>(?:[\w\-]+/)*)kalender\.ics$",
                    views.page_calendar,
                    name="page_calendar",
                ),
            ]
        )

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
