"""Municipalities and the three knowledge lists, shared by the learning tests."""

import pytest

from portal.models import County
from tests.factories import MunicipalityPageFactory
from tests.learning.factories import (
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    PresentationIndexPageFactory,
)


@pytest.fixture
def karmoy(municipality_index):
    return MunicipalityPageFactory(
        parent=municipality_index,
        title="Karmøy",
        slug="karmoy",
        municipality_number="1149",
        county=County.ROGALAND,
    )


@pytest.fixture
def bergen(municipality_index):
    return MunicipalityPageFactory(
        parent=municipality_index,
        title="Bergen",
        slug="bergen",
        municipality_number="4601",
        county=County.VESTLAND,
    )


@pytest.fixture
def bodo(municipality_index):
    return MunicipalityPageFactory(
        parent=municipality_index,
        title="Bodø",
        slug="bodo",
        municipality_number="1804",
        county=County.NORDLAND,
    )


@pytest.fixture
def experience_index(home_page):
    return ExperienceIndexPageFactory(parent=home_page)


@pytest.fixture
def practice_index(home_page):
    return GoodPracticeIndexPageFactory(parent=home_page)


@pytest.fixture
def presentation_index(home_page):
    return PresentationIndexPageFactory(parent=home_page)
