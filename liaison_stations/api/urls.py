from . import views


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("stations", views.StationViewSet, basename="station")
    router.register("station-receptions", views.ReceptionViewSet, basename="station-reception")
    router.register("opinion-items", views.OpinionItemViewSet, basename="opinion-item")
    router.register("solicitations", views.SolicitationViewSet, basename="solicitation")
    router.register("solicitation-opinions", views.SolicitationOpinionViewSet, basename="solicitation-opinion")
    router.register("station-consultations", views.ConsultationViewSet, basename="station-consultation")
    router.register("station-indicator-sets", views.EvaluationIndicatorSetViewSet, basename="station-indicator-set")
    router.register("station-evaluations", views.StationEvaluationViewSet, basename="station-evaluation")
    router.register("station-inspections", views.InspectionViewSet, basename="station-inspection")
    router.register("station-problems", views.InspectionProblemViewSet, basename="station-problem")
