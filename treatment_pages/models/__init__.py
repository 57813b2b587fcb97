from .risks import Action, Frequency, RiskItem, RiskList
from .treatment import (
    TimingMixin,
    TreatmentLibraryPage,
    TreatmentPage,
    TreatmentPageRiskList,
    TreatmentUse,
    UseCategory,
)

__all__ = [
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
