"""Replace Wagtail's placeholder welcome page with the portal's HomePage as the site root."""

from django.db import migrations

SITE_NAME = "Boligsosialt velferdsprogram"


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    home_type, _ = ContentType.objects.get_or_create(
        app_label="portal", model="homepage"
    )
    home = HomePage.objects.create(
        title=SITE_NAME,
        draft_title=SITE_NAME,
        slug="hjem",
        content_type=home_type,
        path=f"{root.path}{Page.objects.filter(depth=2).count() + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/hjem/",
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name=SITE_NAME,
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("portal.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
