"""The gathering's PDFs, read back: the participant's attendance certificate
(kursbevis), every certificate at once, the participant list to sign and the name
badges – their text and their number of pages."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from pypdf import PdfReader

from events.models import AgendaItemKind, RegistrationStatus
from tests.events.factories import (
    AgendaItemFactory,
    GatheringPageFactory,
    RegistrationFactory,
)
from tests.factories import MunicipalityPageFactory

pytestmark = pytest.mark.django_db

ATTENDED = RegistrationStatus.ATTENDED


def pdf(response):
    """(the text of each page, without line breaks) of a PDF answer."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    reader = PdfReader(io.BytesIO(body))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def gathering(gathering_index):
    gathering = GatheringPageFactory(
        parent=gathering_index,
        title="Fagsamling om gjennomstrømning",
        venue="Husbanken, Bergen",
        attendance="hybrid",
    )
    start = gathering.start
    hour = datetime.timedelta(hours=1)
    for kind, begins, ends in (
        (AgendaItemKind.TALK, 0, 2),
        (AgendaItemKind.MEAL, 2, 2.5),
        (AgendaItemKind.WORKSHOP, 2.5, 5),
    ):
        AgendaItemFactory(
            page=gathering,
            kind=kind,
            start=start + begins * hour,
            end=start + ends * hour,
        )
    return gathering


@pytest.fixture
def organiser_client(client, django_user_model):
    user = django_user_model.objects.create_user("arrangor", "a@husbanken.no", "x")
    user.groups.add(Group.objects.get(name="Arrangører"))
    client.force_login(user)
    return client


class TestTheCertificate:
    def test_a_participant_marked_as_attended_downloads_theirs(self, client, gathering):
        kari = RegistrationFactory(
            gathering=gathering, name="Kari Nordmann", status=ATTENDED
        )
        html = client.get(kari.get_absolute_url()).content.decode()
        assert "Last ned kursbevis (PDF)" in html

        (page,) = pdf(client.get(f"/pamelding/{kari.token}/kursbevis.pdf"))
        assert "Kursbevis" in page
        assert "Kari Nordmann" in page
        assert "Fagsamling om gjennomstrømning" in page
        assert gathering.date_span in page
        # Two hours of talks and two and a half of workshop; the meal is not counted.
        assert "4,5 timer med faglig program" in page

    @pytest.mark.parametrize(
        "status", [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    )
    def test_nobody_else_has_one(self, client, gathering, status):
        registration = RegistrationFactory(gathering=gathering, status=status)
        html = client.get(registration.get_absolute_url()).content.decode()
        assert "kursbevis" not in html
        response = client.get(f"/pamelding/{registration.token}/kursbevis.pdf")
        assert response.status_code == 404

    def test_it_is_in_the_participants_own_standard(self, client, gathering):
        kari = RegistrationFactory(gathering=gathering, status=ATTENDED, language="nn")
        (page,) = pdf(client.get(f"/pamelding/{kari.token}/kursbevis.pdf"))
        assert "Dette stadfestar at" in page
        assert "4,5 timar med fagleg program" in page


class TestForTheOrganisers:
    @pytest.fixture
    def people(self, gathering, home_page):
        karmoy = MunicipalityPageFactory(parent=home_page, title="Karmøy kommune")
        bodo = MunicipalityPageFactory(parent=home_page, title="Bodø kommune")
        rows = [
            ("Åse Ås", karmoy, "on_site", ATTENDED),
            ("Bjørn Berg", karmoy, "on_site", RegistrationStatus.CONFIRMED),
            ("Anne Aas", bodo, "on_site", ATTENDED),
            ("Nina Nett", bodo, "digital", ATTENDED),
            ("Vera Vente", karmoy, "on_site", RegistrationStatus.WAITING),
            ("Per Privat", None, "on_site", RegistrationStatus.CONFIRMED),
        ]
        return [
            RegistrationFactory(
                gathering=gathering,
                name=name,
                municipality=municipality,
                participation=participation,
                status=status,
                role="Rådgiver",
            )
            for name, municipality, participation, status in rows
        ]

    def test_every_certificate_at_once_one_page_each(
        self, organiser_client, gathering, people
    ):
        pages = pdf(
            organiser_client.get(f"/admin/pameldinger/{gathering.pk}/kursbevis.pdf")
        )
        assert len(pages) == 3
        assert "Anne Aas" in pages[0]
        assert "Nina Nett" in pages[1]
        assert "Åse Ås" in pages[2]
        assert all("Kursbevis" in page for page in pages)

    def test_the_list_to_sign_is_by_municipality_and_name_on_site_only(
        self, organiser_client, gathering, people
    ):
        (page,) = pdf(
            organiser_client.get(f"/admin/pameldinger/{gathering.pk}/deltakerliste.pdf")
        )
        assert "Deltakerliste: Fagsamling om gjennomstrømning" in page
        assert "Signatur" in page
        order = [
            page.index(text)
            for text in (
                "Bodø kommune",
                "Anne Aas",
                "Karmøy kommune",
                "Bjørn Berg",
                "Åse Ås",
                "Andre organisasjoner",
                "Per Privat",
            )
        ]
        assert order == sorted(order)
        assert "Nina Nett" not in page  # digital
        assert "Vera Vente" not in page  # waiting

    def test_badges_eight_to_a_sheet(self, organiser_client, gathering, people):
        for number in range(6):
            RegistrationFactory(gathering=gathering, name=f"Ekstra Deltaker {number}")
        pages = pdf(
            organiser_client.get(f"/admin/pameldinger/{gathering.pk}/navnelapper.pdf")
        )
        assert len(pages) == 2  # 4 on site from ``people`` and 6 more
        text = " ".join(pages)
        assert "Åse Ås" in text and "Karmøy kommune" in text
        assert "Nina Nett" not in text

    @pytest.mark.parametrize("document", ["kursbevis", "deltakerliste", "navnelapper"])
    def test_nobody_but_organisers_gets_them(
        self, client, django_user_model, gathering, people, document
    ):
        address = f"/admin/pameldinger/{gathering.pk}/{document}.pdf"
        assert client.get(address).status_code == 302  # to the login
        contributor = django_user_model.objects.create_user("bidrag", "b@k.no", "x")
        contributor.user_permissions.add(
            Permission.objects.get(codename="access_admin")
        )
        client.force_login(contributor)
        assert client.get(address).status_code == 403
