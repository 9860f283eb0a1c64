from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Learning arenas in time: gatherings, agendas, reports and registration."""

    name = "events"
    verbose_name = "Samlinger"
    default_auto_field = "django.db.models.BigAutoField"
