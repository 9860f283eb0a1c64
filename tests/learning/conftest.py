"""Municipalities and the three knowledge lists, shared by the learning tests."""

import pytest

from tests.learning.factories import (
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    PresentationIndexPageFactory,
    municipality,
)


@pytest.fixture
def karmoy(municipality_index):
    return municipality("karmoy", municipality_index)


@pytest.fixture
def bergen(municipality_index):
    return municipality("bergen", municipality_index)


@pytest.fixture
def bodo(municipality_index):
    return municipality("bodo", municipality_index)


@pytest.fixture
def experience_index(home_page):
    return ExperienceIndexPageFactory(parent=home_page)


@pytest.fixture
def practice_index(home_page):
    return GoodPracticeIndexPageFactory(parent=home_page)


@pytest.fixture
def presentation_index(home_page):
    return PresentationIndexPageFactory(parent=home_page)
