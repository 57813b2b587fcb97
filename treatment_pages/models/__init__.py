from .governance import (
    ClaimCategory,
    ClaimRule,
    EvidenceSource,
    Reviewer,
    ReviewMixin,
    ReviewStatus,
    SourceType,
)
from .risks import Action, Frequency, RiskItem, RiskList
from .treatment import (
    TimingMixin,
    TreatmentLibraryPage,
    TreatmentPage,
    TreatmentPageRiskList,
    TreatmentPageSource,
    TreatmentUse,
    UseCategory,
)

__all__ = [
    "ClaimCategory",
    "ClaimRule",
    "EvidenceSource",
    "ReviewMixin",
    "ReviewStatus",
    "Reviewer",
    "SourceType",
    "TreatmentPageSource",
    "Action",
    "Frequency",
    "RiskItem",
    "RiskList",
    "TimingMixin",
    "TreatmentLibraryPage",
    "TreatmentPage",
    "TreatmentPageRiskList",
    "TreatmentUse",
    "UseCategory",
]
