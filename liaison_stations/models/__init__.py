from .evaluation import EvaluationIndicator, EvaluationIndicatorSet, EvaluationScore, StationEvaluation
from .inspection import Inspection, InspectionProblem, InspectionProblemEvent
from .opinions import OpinionItem, OpinionReminder, OpinionTransition
from .stations import Reception, ReceptionVisitor, Station
from .work import Consultation, Solicitation, SolicitationOpinion

__all__ = [
    "Consultation",
    "EvaluationIndicator",
    "EvaluationIndicatorSet",
    "EvaluationScore",
    "Inspection",
    "InspectionProblem",
    "InspectionProblemEvent",
    "OpinionItem",
    "OpinionReminder",
    "OpinionTransition",
    "Reception",
    "ReceptionVisitor",
    "Solicitation",
    "SolicitationOpinion",
    "Station",
    "StationEvaluation",
]
