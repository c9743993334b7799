from .views import (
    AssignmentViewSet,
    HandlingUnitViewSet,
    ProposalViewSet,
    SessionViewSet,
)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("proposals/sessions", SessionViewSet, basename="proposal-session")
    router.register("proposals/units", HandlingUnitViewSet, basename="handling-unit")
    router.register("proposals/assignments", AssignmentViewSet, basename="proposal-assignment")
    router.register("proposals", ProposalViewSet, basename="proposal")
