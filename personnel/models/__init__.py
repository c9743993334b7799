from .appointments import AppointmentCase, AppointmentCaseEvent
from .committee import CommitteeMember, StandingCommitteeSession
from .duty_reports import DutyReport, DutyReportEvent, EvaluationParticipation, EvaluationTally
from .reviews import ReviewedHead, ReviewedHeadEvent, ReviewItem, ReviewPlan, ReviewPlanEvent, ReviewScore

__all__ = [
    "AppointmentCase",
    "AppointmentCaseEvent",
    "CommitteeMember",
    "DutyReport",
    "DutyReportEvent",
    "EvaluationParticipation",
    "EvaluationTally",
    "ReviewItem",
    "ReviewPlan",
    "ReviewPlanEvent",
    "ReviewScore",
    "ReviewedHead",
    "ReviewedHeadEvent",
    "StandingCommitteeSession",
]
