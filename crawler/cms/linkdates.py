"""The title and the date of a list link, wherever the layout puts the date.

`dom.row_date_text` reads a date shown in the link's row (`<li><a>…</a><span>03-10</span>`).
Layouts of sites no family parser knows put it elsewhere, and are read in this order:

- inside the link, in an element of its own (`<a><span>03-10</span>title</a>`,
  `<a><p>title</p><p>2024-03-10</p></a>`): the title is then the rest of the link. A date
  in the link's own text stays in the title (`大雾黄色预警(2018.3.8)` is a title);
- in the row, outside the link (`dom.row_date_text`), or split over a calendar badge
  (`<span>15</span><span>2024-03</span>`);
- just after the row, before the next link or line break: the text after a link written
  side by side with others (`<a>…</a>(03-10)<a>…`), the next cell (`<td><a>…</a></td>
  <td>03-10</td>`, two items to a table row) or the next block (`<div class=item>…</div>
  <div class=time>2024/03/10</div>`).
"""

from __future__ import annotations

from itertools import islice

from crawler.cms import dom
from crawler.dates import find_date_text, join_split_date

MAX_SIBLINGS = 3  # elements after a row that may still hold its date
MAX_DECORATION = 4  # characters around a date in an element of its own (brackets, 发布于)


def title_and_date(row, anchor) -> tuple[str, str]:
    """The link's title and the date text it shows ('' when none)."""
    title, inner = _inside(anchor)
    return title, (
        inner
        or dom.row_date_text(row, anchor)
        or join_split_date(dom.texts_outside(row, anchor))
        or following_date_text(row)
    )


def following_date_text(row) -> str:
    """A date shown right after `row`, before the next link or line break ('' when none)."""
    texts = [row.tail or ""]
    for sibling in islice(row.itersiblings(), MAX_SIBLINGS):
        if isinstance(sibling.tag, str):
            if sibling.tag == "br" or _has_link(sibling):
                break
            texts.extend(dom.texts_outside(sibling, None))
        texts.append(sibling.tail or "")
    return next((found for found in map(_date_only, texts) if found), "")


def _inside(anchor) -> tuple[str, str]:
    """The title without a date written inside the link, and that date ('' when none)."""
    for element in anchor.iterdescendants():
        if isinstance(element.tag, str):
            found = _date_only(dom.text_of(element), MAX_DECORATION)
            if found:
                return dom.link_title(anchor, _text_without(anchor, element)), found
    return dom.link_title(anchor), ""


def _date_only(text: str, slack: int = dom.MAX_DATE_LABEL) -> str:
    """The date in `text` when the text is mostly that date, else ''."""
    text = dom.clean(text)
    found = find_date_text(text)
    return found if found and len(text) - len(found) <= slack else ""


def _text_without(anchor, skipped) -> str:
    parts: list[str] = []
    dom.collect_text(anchor, skipped, parts)
    return dom.clean("".join(parts))


def _has_link(element) -> bool:
    return any(a.get("href") for a in element.iter("a"))
