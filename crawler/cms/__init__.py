"""List-page parsers, one per CMS family, behind a registry (see `base.py`).

Importing this package registers every built-in parser.
"""

from crawler.cms import hanweb, plain  # noqa: F401  (registers the parsers)
from crawler.cms import avalon, etui, generic, infotable, selectors, trs  # noqa: F401
