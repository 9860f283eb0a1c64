"""A municipality proposes a talk and an organiser accepts it, in Chromium with the
real CSRF check."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from events import roles
from events.models import Proposal, ProposalStatus
from tests.browser.accessibility import assert_accessible, axe_violations
from tests.browser.test_organiser_admin import PASSWORD, sign_in
from tests.events.factories import (
    GatheringIndexPageFactory,
    GatheringPageFactory,
    in_days,
)
from tests.factories import MunicipalityIndexPageFactory, MunicipalityPageFactory


@pytest.fixture
def organiser(db):
    user = get_user_model().objects.create_user(
        "arrangor", "arrangor@husbanken.no", PASSWORD
    )
    user.groups.add(roles.ensure_organisers())
    return user


@pytest.fixture
def gathering(home_page):
    MunicipalityPageFactory(
        parent=MunicipalityIndexPageFactory(parent=home_page), title="Karmøy"
    )
    return GatheringPageFactory(
        parent=GatheringIndexPageFactory(parent=home_page),
        title="Fagsamling om unge i egen bolig",
        accepts_proposals=True,
        proposals_close=in_days(20),
    )


def test_the_form_and_its_errors_are_accessible(page, gathering):
    assert_accessible(page, reverse("proposal_form", args=[gathering.pk]))
    page.get_by_role("button", name="Send forslaget").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(6)
    assert axe_violations(page) == []


def test_a_proposal_from_the_page_to_the_programme(
    page, organiser, gathering, mailoutbox
):
    page.goto(gathering.url)
    page.get_by_role("link", name="Foreslå et innlegg eller et eksempel").click()
    page.get_by_role("radio", name="Innlegg").check()
    page.get_by_role("textbox", name="Tittel").fill("Bostøtte som forebygging")
    page.get_by_label("Kort beskrivelse").fill("Et år med tettere oppfølging.")
    page.get_by_label("Programkommune").select_option(label="Karmøy")
    page.get_by_label("Hvem skal holde innlegget?").fill("Ola Hansen")
    page.get_by_label("E-postadressen din").fill("ola@karmoy.kommune.no")
    page.get_by_role("button", name="Send forslaget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for forslaget!")

    sign_in(page, "arrangor")
    page.goto(reverse("events_admin:registrations", args=[gathering.pk]))
    page.get_by_role("link", name="Forslag til programmet").click()
    page.get_by_role("button", name="Ta med: Bostøtte som forebygging").click()
    expect(page.get_by_text("er tatt med i programmet")).to_be_visible()
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.agenda_item.title == "Bostøtte som forebygging"
    assert [message.to for message in mailoutbox] == [["ola@karmoy.kommune.no"]]
