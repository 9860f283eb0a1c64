# The calculator's rate sets live with the calculator; Django and Wagtail find them
# here, among the app's models.
from learning.calculator.models import (
    CeilingSupplement,
    GrantRateGroup,
    HousingCostCeiling,
    HousingRates,
)

from .articles import (
    ExperienceArticlePage,
    GoodPracticeFigure,
    GoodPracticePage,
    PracticeStatus,
)
from .base import ConfirmedAnonymousMixin, KnowledgePage
from .indexes import (
    ExperienceIndexPage,
    GoodPracticeIndexPage,
    KnowledgeIndexPage,
    PresentationIndexPage,
)
from .presentations import PresentationPage
from .results import (
    MunicipalityResultsPage,
    OutcomeFigure,
    OutcomeType,
    PracticeOutcome,
    StatisticsFigure,
    StatisticsTable,
)
from .tags import ExperienceArticleTag, GoodPracticeTag, PresentationTag
from .themes import ThemeProposal, ThemeRedirect, ThemeState, ThemeStatus

__all__ = [
    "CeilingSupplement",
    "GrantRateGroup",
    "HousingCostCeiling",
    "HousingRates",
    "ConfirmedAnonymousMixin",
    "ExperienceArticlePage",
    "ExperienceArticleTag",
    "ExperienceIndexPage",
    "GoodPracticeFigure",
    "GoodPracticeIndexPage",
    "GoodPracticePage",
    "GoodPracticeTag",
    "KnowledgeIndexPage",
    "KnowledgePage",
    "MunicipalityResultsPage",
    "OutcomeFigure",
    "OutcomeType",
    "PracticeOutcome",
    "StatisticsFigure",
    "StatisticsTable",
    "PracticeStatus",
    "PresentationIndexPage",
    "PresentationPage",
    "PresentationTag",
    "ThemeProposal",
    "ThemeRedirect",
    "ThemeState",
    "ThemeStatus",
]
