"""Label–value pairs of a detail page: the 索引号/发布机构/生成日期 metadata, wherever it sits.

Three layouts are read, in this order:
- horizontal tables: a header row of labels, then a row of values in the same columns;
- vertical tables: a label cell followed by its value cell (索引号： | 002482082/2024-00332);
- text: `label：value` (full-width or ASCII colon) inside a cell, paragraph or line; a value
  ends where the next `word：` label begins.
Labels are matched after removing the spaces inside them (`索 引 号`) and a trailing colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "索取号", "信息索引", "索引编号"),
    "publisher": ("发布机构", "发文机构", "发文机关", "发布单位", "作出处罚决定的机关名称",
                  "作出处罚决定的机关"),
    "created": ("生成日期", "成文日期", "形成日期"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间", "时间", "日期"),
    "doc_no": ("文号", "发文字号", "文件编号", "发文文号", "文件文号", "行政处罚决定书文号"),
    "topic": ("主题分类", "信息类别", "信息分类", "分类"),
    "source": ("来源", "信息来源", "文章来源"),
    "open_mode": ("公开方式",),
    "decision_date": ("作出处罚决定的日期",),
    "reply_date": ("答复时间", "回复时间", "答复日期", "回复日期", "办结时间", "办结日期"),
    "title": ("信息名称", "标题", "文件名称"),
}  # fmt: skip
LABEL_FIELD = {label: field for field, labels in FIELD_LABELS.items() for label in labels}
SPACES = re.compile(r"[\s\u3000\xa0]+")
CJK = "\u4e00-\u9fff"
# a label the page defines: a known one, or any short CJK word before a colon (value boundary)
KNOWN = "|".join(
    r"\s*".join(map(re.escape, label)) for label in sorted(LABEL_FIELD, key=len, reverse=True)
)
TEXT_LABEL = re.compile(rf"(?<![{CJK}])({KNOWN})\s*[:：]")
ANY_LABEL = re.compile(rf"(?<![{CJK}])[{CJK}][{CJK} ]{{1,10}}\s*[:：]")
VALUE_END = re.compile(r"\s{2,}|[\xa0\u3000]|[\[【|]")
BLOCK_TAGS = {"div", "p", "table", "tbody", "thead", "tr", "ul", "ol", "li", "dl", "section",
              "article", "h1", "h2", "h3", "h4", "h5", "h6", "form", "header", "footer"}  # fmt: skip
TEXT_TAGS = {"td", "th", "p", "li", "span", "div", "dd", "dt", "h1", "h2", "h3", "h4", "small",
             "label", "font", "em", "strong", "b", "i"}  # fmt: skip
MAX_VALUE = 120


@dataclass(frozen=True)
class Pair:
    field: str
    label: str
    value: str
    layout: str  # horizontal | vertical | text


def label_of(text: str) -> str | None:
    """The known label a cell holds (`索 引 号：` → 索引号), or None."""
    key = SPACES.sub("", text).rstrip(":：")
    return key if key in LABEL_FIELD else None


def cell_text(element) -> str:
    return SPACES.sub(" ", " ".join(element.itertext())).strip()


def page_pairs(root) -> list[Pair]:
    """Every label–value pair of the page: tables first (by layout), then text."""
    pairs: list[Pair] = []
    for table in root.iter("table"):
        pairs += table_pairs(table)
    return pairs + text_pairs(root)


def table_pairs(table) -> list[Pair]:
    rows = [_cells(row) for row in table.iter("tr") if _own_table(row) is table]
    pairs: list[Pair] = []
    skip = set()
    for index, cells in enumerate(rows):
        if index in skip or not cells:
            continue
        following = rows[index + 1] if index + 1 < len(rows) else []
        horizontal = _horizontal(cells, following)
        if horizontal:
            pairs += horizontal
            skip.add(index + 1)
        else:
            pairs += _vertical(cells)
    return pairs


def _own_table(row):
    return next(row.iterancestors("table"), None)


def _cells(row) -> list[str]:
    return [cell_text(cell) for cell in row if cell.tag in ("td", "th")]


def _horizontal(header: list[str], values: list[str]) -> list[Pair]:
    labels = [label_of(text) for text in header]
    if sum(1 for label in labels if label) < 2 or len(values) != len(header):
        return []
    if any(label_of(value) for value in values if value):
        return []
    return [
        Pair(LABEL_FIELD[label], label, value, "horizontal")
        for label, value in zip(labels, values, strict=True)
        if label
    ]


def _vertical(cells: list[str]) -> list[Pair]:
    pairs = []
    for label_cell, value in zip(cells, cells[1:], strict=False):
        label = label_of(label_cell)
        if label and not label_of(value) and not ANY_LABEL.match(value):
            pairs.append(Pair(LABEL_FIELD[label], label, value, "vertical"))
    return pairs


def text_pairs(root) -> list[Pair]:
    """`label：value` pairs in the text of every innermost text block, in page order."""
    pairs = []
    holders = block_holders(root)
    for element in root.iter(*TEXT_TAGS):
        if element in holders:
            continue
        text = " ".join(element.itertext())
        if "：" in text or ":" in text:
            pairs += pairs_in_text(SPACES.sub(" ", text).strip())
    return pairs


def block_holders(root) -> set:
    """The elements with a block element inside (one pass: asking each element costs a walk of
    its subtree)."""
    holders: set = set()
    for block in root.iter(*BLOCK_TAGS):
        for ancestor in block.iterancestors():
            if ancestor in holders:
                break  # its ancestors are in already
            holders.add(ancestor)
    return holders


def pairs_in_text(text: str) -> list[Pair]:
    if "：" not in text and ":" not in text:
        return []
    bounds = [match.start() for match in ANY_LABEL.finditer(text)]
    pairs = []
    for match in TEXT_LABEL.finditer(text):
        end = next((b for b in bounds if b >= match.end()), len(text))
        value = text[match.end() : end].strip()
        label = SPACES.sub("", match.group(1))
        pairs.append(Pair(LABEL_FIELD[label], label, trim_value(value), "text"))
    return pairs


def trim_value(value: str) -> str:
    """A value up to a wide gap or a bracket (`2023-11-06 00:00 [ 字体`), at most 120 chars."""
    cut = VALUE_END.search(value)
    return (value[: cut.start()] if cut else value).strip()[:MAX_VALUE]
