from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Knowledge: experience articles, good practices, presentations, topics, calculator."""

    name = "learning"
    verbose_name = "Kunnskap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save
        from django.urls import path

        from learning import feeds, signals, topics, views
        from portal import registry
        from portal.models import MunicipalityPage

        for page_type in (
            "learning.ExperienceIndexPage",
            "learning.GoodPracticeIndexPage",
            "learning.PresentationIndexPage",
        ):
            registry.allow_on_home_page(page_type)
        for page_type in (
            "learning.ExperienceArticlePage",
            "learning.GoodPracticePage",
        ):
            registry.allow_below_municipality(page_type)
        topics.register()
        registry.url_patterns.extend(
            [
                path("tema/<slug:slug>/", views.topic, name="topic"),
                path("tema/<slug:slug>/rss/", feeds.KnowledgeFeed(), name="topic_feed"),
                path("rss/", feeds.KnowledgeFeed(), name="knowledge_feed"),
            ]
        )
        post_save.connect(
            signals.give_new_municipality_its_editors,
            sender=MunicipalityPage,
            dispatch_uid="learning_municipality_editors",
        )
        post_migrate.connect(
            signals.set_up_moderation, sender=self, dispatch_uid="learning_moderation"
        )
