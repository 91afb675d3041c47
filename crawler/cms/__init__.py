"""List-page parsers, one per CMS family, behind a registry (see `base.py`).

Importing this package registers every built-in parser.
"""

from crawler.cms import (  # noqa: F401  (importing a parser module registers it)
    avalon,
    component,
    etui,
    generic,
    hanweb,
    infotable,
    plain,
    selectors,
    trs,
    trt,
)
