from django.apps import AppConfig


class LearningConfig(AppConfig):
    """Knowledge: experience articles, good practices, presentations, topics, calculator."""

    name = "learning"
    verbose_name = "Kunnskap"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save
        from django.urls import path, re_path
        from wagtail.signals import page_published

        from learning import feeds, open_data, results, signals, topics, views
        from learning.models import (
            ExperienceArticlePage,
            GoodPracticePage,
            PresentationPage,
            StatisticsTable,
        )
        from portal import content_version, registry
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
            "learning.MunicipalityResultsPage",
        ):
            registry.allow_below_municipality(page_type)
        topics.register()
        registry.municipality_sections.register(results.municipality_section)
        for link in (
            ("Kalkulator for utleieboliger", "calculator"),
            ("Resultater for folk", "programme_results"),
            ("Temaer", "topics"),
            ("Åpne data", "open_data"),
        ):
            if link not in registry.footer_links:
                registry.footer_links.append(link)
        # The site search shows a footer tool when a query names it; «tema» is another
        # word than «temaer» to it.
        registry.search_keywords["topics"] = ("tema", "temaer")
        # An SSB import saves its table: the pages showing its figures are renewed.
        content_version.raise_when_changed(StatisticsTable)
        feed = content_version.cache_response(24 * 3600)(feeds.KnowledgeFeed())
        # The open data's files are kept like the feeds; their addresses stay.
        kept = content_version.cache_response(open_data.CACHE_SECONDS)
        datasets = "|".join(open_data.DATASETS)
        registry.url_patterns.extend(
            [
                # Most theme slugs are ASCII (portal.slugs.ascii_tag_slug), but taggit
                # can still give one with æ, ø or å («bøker» when «boker» is taken),
                # which <slug:> would refuse and {% url %} would crash on.
                path("kalkulator/", views.calculator, name="calculator"),
                path("resultater/", views.programme_results, name="programme_results"),
                path("tema/", views.topics, name="topics"),
                re_path(r"^tema/(?P<slug>[-\w]+)/\Z", views.topic, name="topic"),
                re_path(
                    r"^tema/(?P<slug>[-\w]+)/rss/\Z",
                    feed,
                    name="topic_feed",
                ),
                path("rss/", feed, name="knowledge_feed"),
                path("apne-data/", views.open_data_page, name="open_data"),
                path(
                    "apne-data/katalog.jsonld",
                    kept(views.open_data_catalogue),
                    name="open_data_catalogue",
                ),
                re_path(
                    rf"^apne-data/(?P<slug>{datasets})\.csv\Z",
                    kept(views.open_data_csv),
                    name="open_data_csv",
                ),
                re_path(
                    rf"^apne-data/(?P<slug>{datasets})\.json\Z",
                    kept(views.open_data_json),
                    name="open_data_json",
                ),
                re_path(
                    rf"^apne-data/(?P<slug>{datasets})\.schema\.json\Z",
                    kept(views.open_data_schema),
                    name="open_data_schema",
                ),
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
        for model in (ExperienceArticlePage, GoodPracticePage, PresentationPage):
            page_published.connect(
                signals.index_after_publish,
                sender=model,
                dispatch_uid=f"learning_index_after_publish_{model.__name__}",
            )
