class ApplicationError(Exception):
    """A domain rule was broken; the message is shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
