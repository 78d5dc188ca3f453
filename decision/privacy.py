"""Logging without patient data: what an operator may see when something goes wrong.

An exception's message and traceback can quote the value that caused it (a pasted lab value, a label), and a
server log outlives the browser session. So a failure is logged as its type and the code location that
raised it, never its message or local values; :class:`WithholdDetails` strips a third party's log records
(Streamlit's log of an uncaught error) the same way. The library itself never logs; this module exists for
the app (which must not import :mod:`logging` itself, by house rule) and anything else serving patients.

Validation is a second way out. Pydantic hands every input it validates to each *plugin* installed in the
environment (any package declaring the ``pydantic`` entry point, observability tools among them), so a patient
record could reach a third party's hooks without a line of ours logging it. :func:`keep_validation_private`
switches plugins off for a process we own (the CLI, the app, batch workers); a program that embeds the library
decides for its own process.
"""

from __future__ import annotations

import logging
import os
import traceback

_LOG = logging.getLogger("myositis_cds")


def describe(exc: BaseException) -> str:
    """The exception's type and where in the code it was raised; no message, no local values."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where} (details withheld: they may hold patient data)"


class WithholdDetails(logging.Filter):
    """Keep an error record's own text, type and code location; drop the exception's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}: {describe(record.exc_info[1])}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def withhold_error_details(logger_names: tuple[str, ...]) -> None:
    """Install :class:`WithholdDetails` on the named loggers (once each; safe to call on every rerun)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdDetails) for f in logger.filters):
            logger.addFilter(WithholdDetails())


def log_failure(where: str, exc: BaseException) -> None:
    """Log that ``where`` failed, with :func:`describe` only."""
    _LOG.error("%s failed: %s", where, describe(exc))


def keep_validation_private() -> None:
    """No pydantic plugin sees a validated value in this process (set before the first validator is built;
    pydantic reads the variable whenever it builds one)."""
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
