from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The foundation: pages every family needs, municipalities, people and site search."""

    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import sections  # noqa: F401  (registers portal's own sections)
