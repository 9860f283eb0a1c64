from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Knowledge: experience articles, good practices, presentations, topics, calculator."""

    name = "learning"
    verbose_name = "Kunnskap"
    default_auto_field = "django.db.models.BigAutoField"
