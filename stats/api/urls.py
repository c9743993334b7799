from .views import StatFigureViewSet


def register(router) -> None:
    router.register("stats/figures", StatFigureViewSet, basename="stat-figures")
