from .views import AppointmentCaseViewSet, CommitteeMemberViewSet, DutyReportViewSet, ReviewPlanViewSet, SessionViewSet


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("personnel/sessions", SessionViewSet, basename="personnel-session")
    router.register("personnel/committee-members", CommitteeMemberViewSet, basename="personnel-committee-member")
    router.register("personnel/appointment-cases", AppointmentCaseViewSet, basename="personnel-appointment-case")
    router.register("personnel/duty-reports", DutyReportViewSet, basename="personnel-duty-report")
    router.register("personnel/review-plans", ReviewPlanViewSet, basename="personnel-review-plan")
