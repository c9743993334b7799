def register(router) -> None:
    """Add this app's viewsets to the project router."""
