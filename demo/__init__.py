"""The demo county 青溪县: a deterministic generator, a local HTTP server, a config and the truth.

county = build_county(date(2026, 11, 27), seed=7)
with DemoServer(county) as server:
    write_config(county, server.base_url, "demo-out")
    write_truth(county, "demo-out/truth.json")

`build_county(as_of, shown_on=earlier)` is the same county as it stood on an earlier day (what
a previous crawl saw); the truth assumes `zwgk demo`'s history: a crawl a week before as_of.
The server's root is the county portal (demo/portal.py), from which every agency's column
tree (demo/tree.py) is reached by links; `build_county(as_of, revamp=[id])` rebuilds a site
(demo/revamp.py).
"""

from demo.config import write_config
from demo.county import build_county
from demo.model import Agency, Column, County, Publication, Violation
from demo.server import DemoServer
from demo.truth import truth, write_truth

__all__ = [
    "Agency",
    "Column",
    "County",
    "DemoServer",
    "Publication",
    "Violation",
    "build_county",
    "truth",
    "write_config",
    "write_truth",
]
