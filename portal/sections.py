"""The sections ``portal`` itself contributes to person pages."""

from django.utils.translation import gettext as _

from portal import registry
from portal.models import MunicipalityContact


@registry.person_sections.register
def municipality_contacts(request, person):
    contacts = (
        MunicipalityContact.objects.filter(person=person, page__live=True)
        .select_related("page")
        .order_by("page__title")
    )
    return registry.Section(
        title=_("Kontaktperson for"),
        items=[
            registry.Item(
                title=contact.page.title,
                written_standard=contact.page.written_standard,
                url=contact.page.get_url(request),
                description=contact.responsibility,
            )
            for contact in contacts
        ],
    )
