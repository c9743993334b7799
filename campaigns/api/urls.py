from . import views


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("campaigns", views.CampaignViewSet, basename="campaign")
    router.register("campaign-work-items", views.WorkItemViewSet, basename="campaign-work-item")
    router.register("campaign-problems", views.ProblemItemViewSet, basename="campaign-problem")
    router.register("campaign-suggestions", views.SuggestionItemViewSet, basename="campaign-suggestion")
    router.register("campaign-results", views.ResultItemViewSet, basename="campaign-result")
    router.register("campaign-activities", views.CampaignActivityViewSet, basename="campaign-activity")
    router.register("campaign-instructions", views.LeadershipInstructionViewSet, basename="campaign-instruction")
