"""The base of every fault zwgk anticipates.

Library code raises a subclass; the command line turns it into one line, ``error: …``, and
the subclass's exit status, in one place (`monitor.cli`). Anything else that escapes is a bug
and keeps its traceback.
"""

from __future__ import annotations


class ZwgkError(Exception):
    """A fault the product anticipates: reported as one line, never as a traceback."""

    exit_code = 1


class BadInputError(ZwgkError):
    """A user-written file or argument is wrong; nothing was written."""

    exit_code = 2


class BusyError(ZwgkError):
    """Another zwgk process holds the store and this one was told not to wait."""

    exit_code = 3
