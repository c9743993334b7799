from .views import BrandViewSet, KeyDateViewSet, PostViewSet


def register(router) -> None:
    """Add this app's viewsets to the project router."""
    router.register("publicity/posts", PostViewSet, basename="publicity-post")
    router.register("publicity/key-dates", KeyDateViewSet, basename="publicity-keydate")
    router.register("publicity/brands", BrandViewSet, basename="publicity-brand")
