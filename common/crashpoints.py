"""Named points of the cycle where a test can make the process die, to prove nothing is lost.

`ZWGK_CRASH_AT=name` kills the process with SIGKILL the first time it passes `crashpoint(name)`;
`name:N` the N-th time. Unset (always, outside tests), a crashpoint does nothing.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

CRASH_AT = "ZWGK_CRASH_AT"
_passes: Counter[str] = Counter()


def crashpoint(name: str) -> None:
    spec = os.environ.get(CRASH_AT)
    if not spec:
        return
    target, _, nth = spec.partition(":")
    if target != name:
        return
    _passes[name] += 1
    if _passes[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
