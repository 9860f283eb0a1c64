from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Learning arenas in time: gatherings, agendas, reports and registration."""

    name = "events"
    verbose_name = "Samlinger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import path

        from events import sections, views
        from portal import registry

        registry.allow_on_home_page("events.GatheringIndexPage")
        sections.register()
        registry.url_patterns.extend(
            [
                path(
                    "pamelding/<str:token>/",
                    views.registration_detail,
                    name="registration_detail",
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
            ]
        )
