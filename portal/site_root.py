"""The tree every page hangs from: locale, root page, HomePage and the default Site.

Migrations create them on a fresh database; this rebuilds them where something emptied
the tables (a test server's flush, a restored dump without pages).
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

SITE_NAME = "Boligsosialt velferdsprogram"


@transaction.atomic
def ensure_home_page():
    """The HomePage at the root of the default Site, created if it is missing."""
    from portal.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(
                instance=Page(title="Root", slug="root", locale=locale)
            )
        home = root.add_child(
            instance=HomePage(title=SITE_NAME, slug="hjem", locale=locale)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home
