"""Logging for the command line: one handler on standard error, and the libraries kept to what matters.

Below DEBUG, libraries log only warnings and errors ("Building index from tokens" is not news), and
trafilatura and its helpers only errors: their warnings about a page restate the one-line reason
`ingest` gives for skipping it. The rule is a filter on the handler, not levels set on the libraries'
loggers, because a library may set its own level when it is imported (bm25s does), and libraries are
imported late, by the command that needs them.
"""

from __future__ import annotations

import logging
import sys

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_OURS = {"bot", "knowledge", "adapters", "root"}
_RESTATED = {"trafilatura", "htmldate", "courlan", "justext"}


def levels() -> str:
    """The levels as a sentence says them: "DEBUG, INFO, WARNING or ERROR"."""
    return ", ".join(LEVELS[:-1]) + " or " + LEVELS[-1]


class _Libraries(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        top = record.name.partition(".")[0]
        return top in _OURS or record.levelno >= (logging.ERROR if top in _RESTATED else logging.WARNING)


class _Stderr(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a record comes, so that a progress bar that has taken it over
    prints the line above itself instead of being drawn over."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure(level: str) -> None:
    """Log at ``level`` (one of LEVELS) to standard error; a no-op where logging is set up already (tests)."""
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if level != "DEBUG":
        handler.addFilter(_Libraries())
    logging.basicConfig(level=level, handlers=[handler])
