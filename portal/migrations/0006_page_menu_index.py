from django.db import migrations


class Migration(migrations.Migration):
    """The live pages shown in menus, few on any site, found without reading every
    page row: they are read with the restricted paths (``portal.public_pages``)."""

    dependencies = [("portal", "0005_page_tree_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_page_in_menus "
            "ON wagtailcore_page (path) WHERE live AND show_in_menus",
            "DROP INDEX IF EXISTS portal_page_in_menus",
        ),
    ]
