import pytest

from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory


@pytest.fixture
def gathering_index(home_page):
    return GatheringIndexPageFactory(parent=home_page)


@pytest.fixture
def gathering(gathering_index):
    return GatheringPageFactory(
        parent=gathering_index, title="Fagsamling om bostedsløse"
    )
