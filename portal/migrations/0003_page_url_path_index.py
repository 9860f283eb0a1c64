from django.db import migrations


class Migration(migrations.Migration):
    """An index on Wagtail's page addresses: the front page finds a page by its whole
    address in one lookup (HomePage.route), which without it reads every page row."""

    dependencies = [
        ("portal", "0002_create_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_url_path "
            "ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS portal_page_url_path",
        )
    ]
