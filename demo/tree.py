"""An agency's column tree, two levels deep as on real 信息公开 pages: first-level nodes
(机构信息, 政策文件, 财政信息 …), each holding its columns; a node holding one column is the
column itself.

Two shapes, as real sites show them: a Hanweb site writes the tree out on its 信息公开 index
in nested lists (a group's name as plain text or a `javascript:` link, its columns as links
under it); a plain or TRS site links only the first-level nodes there, each group to a page of
its own (`urls.group_page`) listing its columns, and its side navigation shows the same nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from demo.model import Agency, Column
from demo.roster import HANWEB

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("机构信息", ("org", "personnel")),
    ("政策文件", ("normative", "policies", "documents", "interpretation", "gazette")),
    ("工作动态", ("news",)),
    ("通知公告", ("notices",)),
    ("决策公开", ("meetings", "consultation", "plans")),
    ("财政信息", ("finance", "budget", "final_accounts")),
    ("行政执法", ("enforcement", "penalties", "licensing")),
    ("重点领域", ("livelihood",)),
    ("建议提案", ("proposals",)),
    ("年度报告", ("annual_report",)),
    ("互动交流", ("mailbox", "inquiry")),
)
Href = Callable[[Column], str]


@dataclass(frozen=True)
class Node:
    number: int  # 1-based, in page order: its group page is group_{number}.html
    name: str  # the group's name, or its column's when it holds one
    columns: tuple[Column, ...]

    @property
    def single(self) -> bool:
        return len(self.columns) == 1


def written_out(agency: Agency) -> bool:
    """Whether the 信息公开 index writes the whole tree out (else: group pages)."""
    return agency.family == HANWEB


def nodes(agency: Agency) -> tuple[Node, ...]:
    """The first-level nodes of the agency's disclosure columns, in page order."""
    columns = {column.id: column for column in agency.disclosure_columns()}
    grouped = [(name, [columns.pop(c) for c in ids if c in columns]) for name, ids in GROUPS]
    grouped += [(column.name, [column]) for column in columns.values()]  # none, so far
    found = [(name, tuple(cols)) for name, cols in grouped if cols]
    return tuple(Node(number, cols[0].name if len(cols) == 1 else name, cols)
                 for number, (name, cols) in enumerate(found, 1))  # fmt: skip


def tree_html(agency: Agency, href: Href) -> str:
    """The tree in nested lists; a group's name is plain text on some sites, a link that
    only unfolds the group (`javascript:`) on others."""
    linked_groups = agency.webid % 2 == 1
    items = []
    for node in nodes(agency):
        if node.single:
            items.append(_link_item(href(node.columns[0]), node.name))
            continue
        label = (f'<a href="javascript:void(0);" class="node-name">{escape(node.name)}</a>'
                 if linked_groups else f'<span class="node-name">{escape(node.name)}</span>')  # fmt: skip
        below = "".join(_link_item(href(column), column.name) for column in node.columns)
        items.append(f'<li class="tree-node">{label}<ul class="tree-leaves">{below}</ul></li>')
    return f'<ul class="xxgk-tree">{"".join(items)}</ul>'


def node_href(node: Node, href: Href, group_href: Callable[[Node], str]) -> str:
    return href(node.columns[0]) if node.single else group_href(node)


def first_level_html(agency: Agency, href: Href, group_href: Callable[[Node], str]) -> str:
    """The first-level nodes as links: a group to its page, a lone column to itself."""
    items = "".join(
        _link_item(node_href(node, href, group_href), node.name) for node in nodes(agency)
    )
    return f'<ul class="xxgk-nav">{items}</ul>'


def group_html(node: Node, href: Href) -> str:
    """A group page's list of its columns."""
    items = "".join(_link_item(href(column), column.name) for column in node.columns)
    return f'<ul class="group-list">{items}</ul>'


def _link_item(href: str, name: str) -> str:
    return f'<li><a href="{escape(href)}">{escape(name)}</a></li>'
