"""The detail page's tree: dropped scripts keep the text after them; labels found in one pass."""

from __future__ import annotations

from crawler.detail import extract_detail, parse_tree
from crawler.labels import text_pairs


def test_a_dropped_script_keeps_the_text_after_it():
    page = "<html><body><p>发布日期：<script>var x = 1;</script>2024-01-02</p></body></html>"
    assert extract_detail(page) == {"published": "2024-01-02"}


def test_only_innermost_text_blocks_give_pairs():
    page = ("<html><body><div>来源：<div><span>索引号：A1/2026-1</span></div></div>"
            "<td><b>文号：</b>大发〔2026〕1号</td></body></html>")  # fmt: skip
    pairs = [(pair.field, pair.value) for pair in text_pairs(parse_tree(page))]
    # 来源's div holds a block: skipped; the inner div and its span both hold 索引号
    assert pairs == [("index_no", "A1/2026-1"), ("index_no", "A1/2026-1"),
                     ("doc_no", "大发〔2026〕1号"), ("doc_no", "")]  # fmt: skip
