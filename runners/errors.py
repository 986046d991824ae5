"""What the runners raise when the request itself is wrong. Each message is one line a person can act on."""


class RunnerError(Exception):
    """Bad input to the judge: the caller should report the message, not a traceback."""


class UnknownLanguage(RunnerError):
    pass


class ToolchainMissing(RunnerError):
    pass


class OriginalFailed(RunnerError):
    """The original program does not build or fails its own inputs, so nothing can be judged against it."""


class CandidateFailed(RunnerError):
    """The candidate failed (crashed, or gave another output) on a run after its verification."""

    def __init__(self, message: str, result=None):
        super().__init__(message)
        self.result = result  # the judge's InputResult of the failing input
