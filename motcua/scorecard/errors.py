class ScorecardError(Exception):
    """A rule of the scorecard refused the action; the message is translated and safe to show."""

    def __init__(self, message, *, code: str = "invalid"):
        self.message = message
        self.code = code
        super().__init__(str(message))
