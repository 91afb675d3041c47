"""`fault_plan(rate, seed)`: the faults `zwgk demo --faults RATE --fault-seed N` adds.

A share `rate` of the county's disclosure columns each get a fault on their list pages, and a
share `rate` of its agencies one on their homepage or, every other one, on their whole site.
Everything is a function of (rate, seed): which columns and agencies, from a seeded draw, and
their modes, dealt in turn from a shuffled deck of `COLUMN_MODES` (`SITE_MODES` for whole
sites), so that each mode appears as soon as there are as many faults as modes (at rate 0.2,
54 columns for 19 modes). Timeouts, slow, delayed and huge answers are dealt to columns and
homepages only: a whole site of them would keep the crawl waiting on every page.

Left out, so that the truth stays exact (demo/truth.py):
- the agencies of the default faults (qx-czj, qx-rsj, qx-hkz) get no homepage or site fault,
  and their faulty column (or site) no second fault: which fault answers would be unclear;
- an agency whose whole site is faulty gets no column fault (the site's fault answers);
- the township whose site lacks a column (demo/violations.py `MISSING_COLUMNS`) gets no
  homepage or site fault (its no_column finding stays one), nor a fault on the column.
"""

from __future__ import annotations

from common.errors import BadInputError
from demo.catalog import catalog_columns
from demo.faults import DEFAULT_FAULTS, HUGE_PAGE_BYTES, SLOW_SECONDS, DemoFault
from demo.roster import ALL_AGENCIES, AgencySpec
from demo.stable import stable_rng
from demo.violations import MISSING_COLUMNS

COLUMN_MODES = (
    "error500", "error502", "error503", "timeout", "reset", "truncated", "slow", "soft404",
    "waf", "waf412", "redirect_self", "redirect_loop", "redirect_offsite", "huge",
    "malformed", "wrong_charset", "no_charset", "delay", "flaky",
)  # fmt: skip
SITE_MODES = tuple(m for m in COLUMN_MODES if m not in {"timeout", "slow", "delay", "huge"})
TIMEOUT_SECONDS = 30.0  # no answer for longer than the demo crawl waits (10 s, then a retry)
PARAMS = {"timeout": TIMEOUT_SECONDS, "slow": SLOW_SECONDS, "delay": 1.0, "flaky": 1.0,
          "huge": float(HUGE_PAGE_BYTES)}  # fmt: skip


def fault_plan(rate: float, seed: int) -> tuple[DemoFault, ...]:
    """The faults for `rate` (0 to 1) of the county's columns and agencies."""
    if not 0 <= rate <= 1:
        raise BadInputError(f"the fault rate must be between 0 and 1, not {rate}")
    rng = stable_rng(seed, "faults")
    busy = {fault.agency_id for fault in DEFAULT_FAULTS} | {a for a, _ in MISSING_COLUMNS}
    free = [spec for spec in ALL_AGENCIES if spec.id not in busy]
    agencies = rng.sample(free, min(round(rate * len(ALL_AGENCIES)), len(free)))
    sites = agencies[1::2]
    faults = _dealt(rng, COLUMN_MODES, [(spec, "homepage") for spec in agencies[::2]])
    faults += _dealt(rng, SITE_MODES, [(spec, None) for spec in sites])
    candidates = _free_columns({spec.id for spec in sites})
    total = sum(len(_disclosure_columns(spec)) for spec in ALL_AGENCIES)
    columns = rng.sample(candidates, min(round(rate * total), len(candidates)))
    return tuple(faults + _dealt(rng, COLUMN_MODES, columns))


def _dealt(rng, modes: tuple[str, ...], targets: list[tuple]) -> list[DemoFault]:
    """A fault on each (agency spec, column id or None), modes dealt from a shuffled deck."""
    deck = rng.sample(modes, len(modes))
    return [_fault(spec, column_id, deck[n % len(deck)])
            for n, (spec, column_id) in enumerate(targets)]  # fmt: skip


def _fault(spec: AgencySpec, column_id: str | None, mode: str) -> DemoFault:
    name = f"{mode}-{column_id}-{spec.id}" if column_id else f"{mode}-{spec.id}"
    return DemoFault(name, spec.id, column_id, mode, PARAMS.get(mode, 0.0))


def _free_columns(sites: set[str]) -> list[tuple[AgencySpec, str]]:
    """The disclosure columns no default fault and no planned site fault covers."""
    taken = {(fault.agency_id, fault.column_id) for fault in DEFAULT_FAULTS}
    return [(spec, column_id) for spec in ALL_AGENCIES if spec.id not in sites
            for column_id in _disclosure_columns(spec)
            if not {(spec.id, column_id), (spec.id, None)} & taken
            and (spec.id, column_id) not in MISSING_COLUMNS]  # fmt: skip


def _disclosure_columns(spec: AgencySpec) -> list[str]:
    return [column_id for column_id in catalog_columns(spec.kind) if column_id != "homepage"]
