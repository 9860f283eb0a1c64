from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content's commands (``load_demo_content``, ``ensure_demo_accounts``).

    No models: the demo is built of the other apps' pages and snippets.
    """

    name = "demo"
    verbose_name = "Demoinnhold"
