"""Writing an imported catalog as a rule file people can read and finish by hand.

Every assumption is a YAML comment next to what it concerns: the site column a `col-N` id
stands for, a defaulted duration, a title pattern built from the item's name. A row whose
公开时限 could not be read stays in the file, commented out, under a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from rules.deadlines import Deadline

HEAD_KEYS = ("id", "name", "content", "column")
TAIL_KEYS = ("severity", "deadline", "subject", "basis")


@dataclass
class Entry:
    """One catalog row on its way into the rule file."""

    row: int  # Excel row number
    item: dict  # id, name, basis and the catalog texts (content, deadline, subject, column)
    group: str | None  # 一级事项 when the row has a 二级事项
    channel: str  # 公开渠道和载体, as written
    extra: dict[str, str]  # 公开对象, 公开方式, 公开层级: kept as comments
    notes: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    reason: str | None = None  # why the row is commented out

    def as_item(self) -> dict:
        """The item as the rule file has it: catalog fields around the kind and its fields."""
        item = {key: self.item[key] for key in HEAD_KEYS if key in self.item}
        if self.deadline:
            item["kind"] = self.deadline.kind
            item.update(self.deadline.fields)
        item["severity"] = "warning"
        item.update({key: self.item[key] for key in TAIL_KEYS if key in self.item})
        return item


def scalar(value) -> str:
    """A value as one line of YAML (plain when safe, quoted otherwise)."""
    text = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=1 << 16
    )
    return text.removesuffix("\n...\n").strip()


def render_catalog(name: str, source: str, entries: list[Entry], columns: dict[str, str]) -> str:
    lines = [
        f"# 主动公开事项目录，由 {source} 导入。",
        "# 请核对：col-N 栏目 id 应改为配置（zwgk.yaml）中的栏目 id；注释中标明的默认值应核定。",
    ]
    if columns:
        lines.append("# 栏目对照（公开渠道和载体）：")
        lines += [f"#   {column}: {text}" for column, text in columns.items()]
    lines += [f"catalog: {scalar(name)}", "items:"]
    group = None
    for entry in entries:
        if entry.group and entry.group != group:
            lines += ["", f"  # 一级事项：{entry.group}"]
            group = entry.group
        lines.append("")
        lines += entry_lines(entry)
    if not any(entry.deadline for entry in entries):
        lines[lines.index("items:")] = "items: []"
    return "\n".join(lines) + "\n"


def entry_lines(entry: Entry) -> list[str]:
    about = [f"第{entry.row}行"] + [f"{label}：{text}" for label, text in entry.extra.items()]
    if entry.deadline is None:
        deadline = entry.item.get("deadline", "")
        header = (
            f"  # 第{entry.row}行：{entry.reason}「{deadline}」，未导入；改写后补上 kind 并取消注释"
        )
        return [header] + [f"  # {line[2:]}" for line in item_lines(entry)]
    notes = [f"  # 注：{note}" for note in (*entry.deadline.notes, *entry.notes)]
    return [f"  # {'；'.join(about)}", *notes, *item_lines(entry)]


def item_lines(entry: Entry) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(entry.as_item().items()):
        line = f"{'  - ' if index == 0 else '    '}{key}: {scalar(value)}"
        if key == "column" and entry.channel:
            line += f"  # {entry.channel}"
        lines.append(line)
    return lines
