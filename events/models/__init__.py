from .gatherings import (
    AgendaItem,
    AgendaItemKind,
    GatheringIndexPage,
    GatheringKind,
    GatheringPage,
    GatheringQuerySet,
    GatheringReportPage,
    GatheringState,
    GatheringTag,
    RegistrationState,
)
from .registrations import (
    ACTIVE_STATUSES,
    EmailKind,
    Notification,
    Registration,
    RegistrationStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "AgendaItem",
    "AgendaItemKind",
    "EmailKind",
    "GatheringIndexPage",
    "GatheringKind",
    "GatheringPage",
    "GatheringQuerySet",
    "GatheringReportPage",
    "GatheringState",
    "GatheringTag",
    "Notification",
    "Registration",
    "RegistrationState",
    "RegistrationStatus",
]
