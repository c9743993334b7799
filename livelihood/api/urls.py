from .views import LivelihoodCallViewSet, LivelihoodCandidateViewSet


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("livelihood/calls", LivelihoodCallViewSet, basename="livelihood-call")
    router.register("livelihood/candidates", LivelihoodCandidateViewSet, basename="livelihood-candidate")
