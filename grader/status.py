"""The verdicts an exercise can get. Kept apart so the TUI can name them without numpy."""

PASSED = "passed"
FAILED = "failed"
NOT_IMPLEMENTED = "not_implemented"
ERROR = "error"  # the file could not even be loaded: syntax, encoding, crash or hang at import
MISSING = "missing"  # no file to grade
