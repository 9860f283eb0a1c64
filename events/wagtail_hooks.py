"""The organisers' registration views in the Wagtail admin, shown only to organisers."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from events import admin_views
from events.models import FollowUp, GatheringPage


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_registrations(request.user)


@hooks.register("register_admin_urls")
def register_registration_urls():
    return admin_views.admin_urls()


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return OrganiserMenuItem(
        _("Påmeldinger"),
        reverse("events_admin:index"),
        name="pameldinger",
        icon_name="group",
        order=250,
    )


def _registrations_button(page, user, priority):
    # specific_class comes from the content type cache: no query per page listed.
    if page.specific_class is GatheringPage and admin_views.can_manage_registrations(
        user
    ):
        yield Button(
            gettext("Påmeldinger"),
            reverse("events_admin:registrations", args=[page.pk]),
            icon_name="group",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def gathering_header_buttons(page, user, view_name=None, next_url=None):
    yield from _registrations_button(page, user, priority=25)


@hooks.register("register_page_listing_more_buttons")
def gathering_listing_buttons(page, user, next_url=None):
    yield from _registrations_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def followup_contact_button(page, user, view_name=None, next_url=None):
    """On a draft from a gathering's follow-up: write to the person who answered, when
    they allowed it and while the retention period keeps the address."""
    from learning.models import ExperienceArticlePage

    if page.specific_class is not ExperienceArticlePage:
        return
    followup = (
        FollowUp.objects.filter(article_id=page.pk).exclude(contact_email="").first()
    )
    if followup is not None and page.permissions_for_user(user).can_edit():
        yield Button(
            gettext("Kontakt %(name)s")
            % {"name": followup.contact_name or followup.contact_email},
            f"mailto:{followup.contact_email}",
            icon_name="mail",
            priority=30,
        )
