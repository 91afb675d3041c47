"""Column names as real sites vary them: each agency names its columns its own way, chosen
once from the variants below by a seeded draw on its id (the same on every run and seed).

The name an agency's pages show is the name its config gives (demo/config.py); rules and
truth go by the column's id, never by its name.
"""

from __future__ import annotations

from demo.roster import AgencySpec
from demo.stable import stable_rng

# (kind, column id) → variants; kind None: any kind without its own entry
VARIANTS: dict[tuple[str | None, str], tuple[str, ...]] = {
    ("county", "news"): ("政务要闻", "政务动态"),
    ("department", "news"): ("工作动态", "部门动态", "政务动态", "工作信息"),
    ("township", "news"): ("工作动态", "乡镇动态", "政务动态", "工作信息"),
    (None, "notices"): ("通知公告", "公示公告", "公告公示"),
    (None, "annual_report"): ("政府信息公开年度报告", "政府信息公开年报", "信息公开年报"),
    (None, "homepage"): ("网站首页",),
    ("county", "mailbox"): ("县长信箱",),
    ("department", "mailbox"): ("局长信箱", "书记信箱"),
    ("township", "mailbox"): ("{head}长信箱", "书记信箱"),  # {head}: 镇 or 乡
    (None, "org"): ("机构职能", "机构概况", "机构设置"),
    (None, "policies"): ("行政规范性文件", "规范性文件", "政策法规"),
    ("county", "finance"): ("财政预决算", "预决算公开"),
    ("department", "finance"): ("部门预决算", "财政预决算", "预决算公开"),
    ("township", "finance"): ("财政预决算", "预决算公开"),
    (None, "personnel"): ("人事信息", "人事任免", "人事管理"),
    (None, "enforcement"): ("行政执法结果", "执法结果公开", "执法信息"),
    ("county", "budget"): ("政府预算", "财政预算"),
    ("department", "budget"): ("部门预算", "预算公开"),
    ("township", "budget"): ("财政预算", "预算公开"),
    ("county", "final_accounts"): ("政府决算", "财政决算"),
    ("department", "final_accounts"): ("部门决算", "决算公开"),
    ("county", "documents"): ("政府文件", "县政府文件"),
    ("department", "documents"): ("部门文件", "其他文件", "工作文件"),
    (None, "interpretation"): ("政策解读", "文件解读"),
    (None, "penalties"): ("行政处罚信息", "行政处罚结果", "行政处罚"),
    (None, "licensing"): ("行政许可信息", "行政许可结果", "行政许可"),
    (None, "proposals"): ("建议提案办理", "建议提案办理结果", "建议提案答复"),
    (None, "normative"): ("行政规范性文件", "规范性文件"),
    (None, "meetings"): ("政府常务会议", "常务会议", "县政府常务会议"),
    (None, "plans"): ("规划计划", "发展规划", "规划信息"),
    (None, "consultation"): ("重大决策预公开", "决策预公开", "重大行政决策预公开"),
    (None, "gazette"): ("政府公报",),
    (None, "inquiry"): ("网上咨询", "在线咨询"),
    (None, "livelihood"): ("民生事务", "民生实事", "民生保障"),
}


def variants(kind: str, column_id: str) -> tuple[str, ...]:
    return VARIANTS.get((kind, column_id)) or VARIANTS[(None, column_id)]


def column_name(spec: AgencySpec, column_id: str) -> str:
    """The name the agency's site gives the column."""
    name = stable_rng(spec.id, column_id, "name").choice(variants(spec.kind, column_id))
    return name.format(head=spec.short[-1])
