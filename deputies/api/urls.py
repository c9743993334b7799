from .views import (
    ContactViewSet,
    DeputyViewSet,
    GroupViewSet,
    MembershipViewSet,
    TrainingAttendanceViewSet,
    TrainingCourseViewSet,
)


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("deputies", DeputyViewSet, basename="deputy")
    router.register("deputy-groups", GroupViewSet, basename="deputy-group")
    router.register("deputy-group-memberships", MembershipViewSet, basename="deputy-group-membership")
    router.register("deputy-contacts", ContactViewSet, basename="deputy-contact")
    router.register("deputy-training-courses", TrainingCourseViewSet, basename="deputy-training-course")
    router.register("deputy-training-attendances", TrainingAttendanceViewSet, basename="deputy-training-attendance")
