from .views import (
    AssignmentViewSet,
    HandlingUnitViewSet,
    LivelihoodCallViewSet,
    LivelihoodCandidateViewSet,
    ProposalViewSet,
    SessionViewSet,
)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("proposals/sessions", SessionViewSet, basename="proposal-session")
    router.register("proposals/units", HandlingUnitViewSet, basename="handling-unit")
    router.register("proposals/assignments", AssignmentViewSet, basename="proposal-assignment")
    router.register("proposals/livelihood-calls", LivelihoodCallViewSet, basename="livelihood-call")
    router.register("proposals/livelihood-candidates", LivelihoodCandidateViewSet, basename="livelihood-candidate")
    router.register("proposals", ProposalViewSet, basename="proposal")
