from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class LearningConfig(AppConfig):
    """Knowledge: experience articles, good practices, presentations, topics, calculator."""

    name = "learning"
    verbose_name = gettext_lazy("Kunnskap")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save
        from wagtail.signals import page_published

        from learning import listing, results, signals, similar, themes, topics
        from learning.models import (
            ExperienceArticlePage,
            GoodPracticePage,
            KnowledgeIndexPage,
            PresentationPage,
            StatisticsTable,
        )
        from portal import content_version, kept, registry
        from portal.models import MunicipalityPage

        topics.register()
        # The lists' counts without filters, counted again after each change.
        listing.kept_lists.append(KnowledgeIndexPage.kept_lists)
        kept.recount_after_change(listing.recount_kept_lists)
        registry.municipality_sections.register(results.municipality_section)
        similar.register()  # «Kommuner som ligner», after the municipality's own
        # A new experience or good practice is news to those following its themes,
        # target groups or municipality (portal.alerts).
        for model in (ExperienceArticlePage, GoodPracticePage):
            registry.announces(model, "knowledge")
        registry.offered_themes = themes.offered
        registry.current_theme_slug = themes.current_slug
        for link in (
            (gettext_lazy("Kalkulator for utleieboliger"), "calculator"),
            (gettext_lazy("Resultater for folk"), "programme_results"),
            (gettext_lazy("Temaer"), "topics"),
            (gettext_lazy("Åpne data"), "open_data"),
        ):
            if link not in registry.footer_links:
                registry.footer_links.append(link)
        # The site search shows a footer tool when a query names it; «tema» is another
        # word than «temaer» to it.
        registry.search_keywords["topics"] = ("tema", "temaer")
        # An SSB import saves its table: the pages showing its figures are renewed.
        content_version.raise_when_changed(StatisticsTable)
        post_save.connect(
            signals.give_new_municipality_its_editors,
            sender=MunicipalityPage,
            dispatch_uid="learning_municipality_editors",
        )
        post_migrate.connect(
            signals.set_up_moderation, sender=self, dispatch_uid="learning_moderation"
        )
        for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage):
            page_published.connect(
                signals.index_after_publish,
                sender=model,
                dispatch_uid=f"learning_index_after_publish_{model.__name__}",
            )
