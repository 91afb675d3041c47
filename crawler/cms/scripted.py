"""Lists a script renders: the `js_only` fetch outcome, for pages no parser can read through.

A page whose list rows are filled in by a script shows, in its HTML, the row template
instead of rows: an element repeated by a framework directive (avalon `ms-repeat`, Vue
`v-for`, Angular `ng-repeat`…) holding a link whose URL is bound by the script
(`ms-attr-href="el.chnldocurl"`, `:href`, `ng-href`, `href="{{…}}"`), or a client-side
template (`<script type="text/html">`) of such links. Read statically it is an empty list;
it is recorded as `js_only` (列表由脚本加载，未能读取), never as a blank column. Repeated
widgets without bound document links (search suggestions, `href="javascript:;"`) are not
lists. Known families read such lists through their data API instead (`hanweb.py`,
`trt.py`); they say themselves when they cannot (`ListPage.js_only`).
"""

from __future__ import annotations

import re

from parsel import Selector

from crawler.cms.base import ListPage, ListParser, Page

JS_ONLY = "js_only"
REPEATS = ("ms-repeat", "ms-for", "ms-each", "v-for", "ng-repeat", "data-ng-repeat", "x-for")
BOUND_HREF = re.compile(r"^(?:ms-attr-href|ms-href|:href|v-bind:href|ng-href|x-bind:href)$")
TEMPLATE_SCRIPT = re.compile(
    r"<script\b[^>]*type\s*=\s*['\"]text/(?:html|template|x-template|x-handlebars-template)"
    r"['\"][^>]*>(.*?)</script\s*>",
    re.S | re.I,
)
PLACEHOLDER_LINK = re.compile(r"<a\b[^>]*href\s*=\s*['\"][^'\"]*(?:\{\{|\{%|<%|\$\{)", re.I)


def js_only_reason(page: Page) -> str | None:
    """Why `page`'s list is rendered by a script, or None when nothing says so."""
    selector = Selector(text=page.text)
    for element in selector.xpath("//*[@*]"):
        names = [name.lower() for name in element.attrib]
        directive = next((name for name in names if name.startswith(REPEATS)), None)
        if directive and _bound_link(element):
            return f"list rows are a script template ({directive}) with script-bound links"
    for template in TEMPLATE_SCRIPT.findall(page.text):
        if PLACEHOLDER_LINK.search(template):
            return "list rows are a client-side template of links"
    return None


def _bound_link(element: Selector) -> bool:
    for anchor in element.xpath(".//a"):
        if any(BOUND_HREF.match(name.lower()) for name in anchor.attrib):
            return True
        if re.search(r"\{\{|\$\{", anchor.attrib.get("href", "")):
            return True
    return False


def unread_reason(parser: ListParser, page: Page, listing: ListPage) -> str | None:
    """Why the page's list could not be read (`js_only`), or None: a family that reads its
    scripts says so itself; for the others, an empty list that is a script template."""
    if listing.js_only and not listing.items:
        return listing.js_only
    if parser.reads_scripts or listing.items or listing.next:
        return None
    return js_only_reason(page)
