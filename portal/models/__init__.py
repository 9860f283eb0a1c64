from .alerts import (
    AlertEmail,
    AlertEmailKind,
    Announcement,
    Follows,
    Frequency,
    Subscriber,
    Subscription,
)
from .base import BasePage
from .counts import ContentChanges, KeptCounts
from .images import PortalImage, PortalRendition
from .municipalities import (
    County,
    KostraGroup,
    MunicipalityContact,
    MunicipalityIndexPage,
    MunicipalityOutcome,
    MunicipalityPage,
    Region,
)
from .pages import HomePage, StandardPage
from .people import Person
from .search import SearchQueryCount, SearchTerm, SearchWord
from .site_settings import SiteSettings
from .vocabularies import ProgrammeGoal, TargetGroup

__all__ = [
    "AlertEmail",
    "AlertEmailKind",
    "Announcement",
    "Follows",
    "Frequency",
    "Subscriber",
    "Subscription",
    "BasePage",
    "ContentChanges",
    "County",
    "HomePage",
    "KeptCounts",
    "KostraGroup",
    "MunicipalityContact",
    "MunicipalityIndexPage",
    "MunicipalityOutcome",
    "MunicipalityPage",
    "Person",
    "PortalImage",
    "PortalRendition",
    "ProgrammeGoal",
    "Region",
    "SearchQueryCount",
    "SearchTerm",
    "SearchWord",
    "SiteSettings",
    "StandardPage",
    "TargetGroup",
]
