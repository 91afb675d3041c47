"""Realistic Chinese titles (and 文号) for each kind of column."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from demo.roster import REGION, AgencySpec
from demo.schedule import Slot
from demo.stable import stable_rng

TOWNS = ("城关镇", "青山乡", "河口镇", "石门镇", "白沙乡", "龙潭镇", "桃源乡")
VILLAGES = ("上塘村", "溪口村", "枫树村", "茶园村", "石桥村", "后山村", "新联村")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗"
GIVEN = "建国志强海波丽华晓明秀英文杰红梅振华永刚雪峰春燕国平德胜"
CHINESE_NUMERALS = "一二三四"
CN_NUMBERS = "十一二三四五六七八九"
ISSUES = ("道路破损", "路灯不亮", "自来水水压不足", "垃圾清运不及时", "夜间施工噪声扰民",
          "农田灌溉渠堵塞", "公交班次太少", "小区停车难")  # fmt: skip
COMPANIES = ("青溪县恒达建材有限公司", "青溪县溪源食品有限公司", "青溪县绿野农业开发有限公司",
             "青溪县顺通物流有限公司", "青溪县百信商贸有限公司", "青溪县山泉饮品厂",
             "青溪县鑫源机械加工厂", "青溪县康宁药房")  # fmt: skip


@dataclass(frozen=True)
class TitleContext:
    agency: AgencySpec
    slot: Slot
    rng: random.Random

    @property
    def year(self) -> int:
        return self.slot.date.year

    @property
    def month(self) -> int:
        return self.slot.date.month

    @property
    def quarter(self) -> str:
        return CHINESE_NUMERALS[(self.month - 1) // 3]

    def topic(self) -> str:
        return self.rng.choice(self.agency.topics)

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))

    def company(self) -> str:
        return self.rng.choice(COMPANIES)

    def doc_no(self, prefix: str | None = None) -> str:
        return f"{prefix or self.agency.doc_prefix}〔{self.year}〕{self.slot.rank}号"


def _news(c: TitleContext) -> str:
    a, topic = c.agency, c.topic()
    templates = [
        f"{a.short}召开{topic}工作推进会",
        f"{a.short}部署开展{topic}专项行动",
        f"{a.short}举办{topic}业务培训班",
        f"{a.short}召开{c.month}月份工作例会",
        f"{a.short}主要负责人赴{c.rng.choice(TOWNS)}调研{topic}工作",
        f"我县{topic}工作取得阶段性成效",
        f"{c.rng.choice(VILLAGES) if a.kind == 'township' else a.short}：多措并举抓好{topic}工作",
        f"{a.short}召开{'党委' if a.kind == 'township' else '党组'}理论学习中心组学习会",
        f"{REGION}召开{c.year}年{topic}工作会议",
    ]
    return c.rng.choice(templates)


def _notices(c: TitleContext) -> str:
    a, topic = c.agency, c.topic()
    templates = [
        f"关于开展{c.year}年{topic}工作的通知",
        f"关于做好{c.year}年{topic}工作的通知",
        f"{a.name}关于{topic}有关事项的公告",
        f"关于{c.year}年第{c.quarter}季度{topic}检查情况的通报",
        f"关于公开征求《{REGION}{topic}实施方案（征求意见稿）》意见的公告",
        f"{a.short}关于{c.year}年{topic}项目拟安排情况的公示",
    ]
    return c.rng.choice(templates)


def _policies(c: TitleContext) -> str:
    a, topic = c.agency, c.topic()
    if c.slot.mark == "unpaired":
        return _action_plan(a.name, topic, c.year)
    templates = [
        f"{a.name}关于印发《{REGION}{topic}实施方案》的通知",
        f"关于进一步加强{topic}工作的实施意见",
        f"关于印发《{REGION}{topic}管理办法》的通知",
        f"{a.name}关于{topic}的指导意见",
    ]
    return c.rng.choice(templates)


def _normative(c: TitleContext) -> str:
    topic = c.topic()
    if c.slot.mark == "unpaired":
        return _action_plan(f"{REGION}人民政府办公室", topic, c.year)
    if c.slot.rank % 2:
        return f"{REGION}人民政府关于印发《{REGION}{topic}管理办法》的通知"
    return f"{REGION}人民政府办公室关于进一步做好{topic}工作的实施意见"


def _action_plan(issuer: str, topic: str, year: int) -> str:
    """A title no other document of the column shares (its interpretation cannot be mistaken)."""
    return f"{issuer}关于印发《{REGION}{topic}三年行动计划（{year}—{year + 2}年）》的通知"


def interpretation_title(document_title: str, rng: random.Random) -> str:
    """The 政策解读 of a document: 《its name》政策解读, or a 图解 / 一图读懂 of it."""
    named = re.search(r"《(.+?)》", document_title)
    start = document_title.find("关于")
    core = named.group(1) if named else document_title[start:]
    return rng.choice([f"《{core}》政策解读", f"图解：《{core}》", f"一图读懂《{core}》"])


def _meetings(c: TitleContext) -> str:
    if c.slot.rank % 2:
        return f"{REGION}人民政府召开{c.year}年第{c.slot.rank}次常务会议"
    return f"{REGION}人民政府{c.year}年第{c.slot.rank}次常务会议议定事项"


def _plans(c: TitleContext) -> str:
    topic = c.topic()
    templates = [
        f"{REGION}{c.year}年{topic}工作要点",
        f"{REGION}“十五五”{topic}专项规划",
        f"关于{REGION}{c.year - 1}年国民经济和社会发展计划执行情况与{c.year}年计划草案的报告",
    ]
    return c.rng.choice(templates)


def _proposals(c: TitleContext) -> str:
    session, number = max(1, c.year - 2022), c.rng.randint(1, 160)
    if c.rng.random() < 0.5:
        return f"对县第十八届人民代表大会第{session}次会议第{number}号建议的答复"
    return f"对政协{REGION}第十一届委员会第{session}次会议第{number}号提案的答复"


def _consultation(c: TitleContext) -> str:
    topic = c.topic()
    templates = [
        f"关于《{REGION}{topic}实施办法（征求意见稿）》公开征求意见的公告",
        f"《{REGION}{topic}实施方案》公开征求意见采纳情况反馈",
        f"{REGION}{c.year}年度重大行政决策事项目录（{topic}）",
    ]
    return c.rng.choice(templates)


def _org(c: TitleContext) -> str:
    kinds = ("机构职能", "领导信息", "内设机构及职责", "办公地址及联系方式")
    return f"{c.agency.name}{kinds[c.slot.rank % len(kinds)]}"


def _personnel(c: TitleContext) -> str:
    a, person = c.agency, c.person()
    templates = [
        f"{a.short}{c.year}年公开招聘编外工作人员公告",
        f"关于{person}等同志拟任职的公示",
        f"{a.short}{c.year}年所属事业单位公开招聘拟聘用人员名单公示",
        f"{a.name}关于{person}同志职务任免的通知",
    ]
    return c.rng.choice(templates)


def _enforcement(c: TitleContext) -> str:
    a = c.agency
    templates = [
        f"{a.short}行政处罚决定书（{c.doc_no(a.doc_prefix + '罚决')}）",
        f"{a.short}{c.year}年{c.month}月行政许可信息公示",
        f"{a.short}{c.year}年{c.month}月“双随机、一公开”抽查结果公示",
        f"{a.short}行政处罚案件信息公开（{c.year}年第{c.slot.rank}期）",
    ]
    return templates[c.slot.rank % len(templates)]


def _livelihood(c: TitleContext) -> str:
    a = c.agency
    templates = [
        f"{a.short}{c.year}年{c.month}月城乡最低生活保障金发放情况公示",
        f"{a.short}{c.year}年耕地地力保护补贴发放公示",
        f"{c.rng.choice(VILLAGES)}{c.year}年第{c.quarter}季度村务公开",
        f"{a.short}{c.year}年{c.month}月临时救助对象名单公示",
    ]
    return c.rng.choice(templates)


def _finance(c: TitleContext) -> str:
    """The parent 预决算 column: what its budget and final-accounts sub-columns do not hold."""
    a, y, first = c.agency, c.year, c.slot.event == 0
    if a.kind == "county":
        if first:
            return f"关于{REGION}{y - 1}年预算执行情况与{y}年预算草案的报告"
        return f"关于{REGION}{y}年上半年预算执行情况的报告"
    if a.kind == "township":
        return f"{a.name}{y - 1}年财政决算公开"
    if first:
        return f"{a.name}{y}年“三公”经费预算情况说明"
    return f"{a.name}{y - 1}年“三公”经费决算情况说明"


def _budget(c: TitleContext) -> str:
    a, y = c.agency, c.year
    if a.kind == "county":
        if c.slot.event == 0:
            session = CN_NUMBERS[max(1, y - 2021) % 10]
            return f"{REGION}第十八届人民代表大会第{session}次会议关于{y}年全县预算的决议"
        return f"{REGION}{y}年全县预算公开"
    if a.kind == "township":
        return f"{a.name}{y}年财政预算公开"
    return f"{a.name}{y}年部门预算"


def _final_accounts(c: TitleContext) -> str:
    a, y = c.agency, c.year - 1
    if a.kind == "county":
        if c.slot.event == 0:
            return f"{REGION}人民代表大会常务委员会关于批准{y}年全县财政决算的决议"
        return f"{REGION}{y}年全县财政决算公开"
    return f"{a.name}{y}年部门决算"


def _documents(c: TitleContext) -> str:
    a, topic = c.agency, c.topic()
    issuer = f"{REGION}人民政府办公室" if a.kind == "county" else a.name
    templates = [
        f"{issuer}关于印发《{REGION}{c.year}年{topic}工作要点》的通知",
        f"{issuer}关于做好{c.year}年{topic}工作的通知",
        f"{issuer}关于开展{topic}专项检查的通知",
        f"{issuer}关于调整{topic}工作领导小组成员的通知",
    ]
    return c.rng.choice(templates)


def _penalties(c: TitleContext) -> str:
    a, company = c.agency, c.company()
    if a.kind == "township":
        return f"{a.short}综合行政执法队行政处罚决定书（{c.doc_no(a.doc_prefix + '综执罚')}）"
    templates = [
        f"{a.short}行政处罚决定书（{c.doc_no(a.doc_prefix + '罚决')}）",
        f"{company}行政处罚决定信息公开",
    ]
    return c.rng.choice(templates)


def _licensing(c: TitleContext) -> str:
    a, company = c.agency, c.company()
    templates = [
        f"关于准予{company}行政许可的决定（{c.doc_no(a.doc_prefix + '许')}）",
        f"{a.short}{c.year}年{c.month}月行政许可决定公示（第{c.slot.rank}批）",
    ]
    return c.rng.choice(templates)


def _gazette(c: TitleContext) -> str:
    return f"{REGION}人民政府公报{c.year}年第{c.month}期"


def _message(c: TitleContext) -> str:
    """A letter to a 县长信箱 / 局长信箱 or a 网上咨询 question."""
    topic, village = c.topic(), c.rng.choice(VILLAGES)
    templates = [
        f"咨询{topic}相关政策",
        f"关于{village}{c.rng.choice(ISSUES)}问题的反映",
        f"关于加强{topic}工作的建议",
        f"{village}{c.rng.choice(ISSUES)}问题何时能解决？",
        f"请问{c.year}年{topic}申请需要哪些材料",
    ]
    return c.rng.choice(templates)


def _annual_report(c: TitleContext) -> str:
    return f"{c.year - 1}年度{c.agency.name}政府信息公开工作年度报告"


TITLES: dict[str, Callable[[TitleContext], str]] = {
    "news": _news,
    "notices": _notices,
    "policies": _policies,
    "normative": _normative,
    "meetings": _meetings,
    "plans": _plans,
    "proposals": _proposals,
    "consultation": _consultation,
    "org": _org,
    "personnel": _personnel,
    "enforcement": _enforcement,
    "livelihood": _livelihood,
    "finance": _finance,
    "annual_report": _annual_report,
    "budget": _budget,
    "final_accounts": _final_accounts,
    "documents": _documents,
    "penalties": _penalties,
    "licensing": _licensing,
    "gazette": _gazette,
    "mailbox": _message,
    "inquiry": _message,
}


def compose_title(seed: int, agency: AgencySpec, column_id: str, slot: Slot) -> tuple[str, str]:
    """The title and 文号 ('' when the item has none) of one publication."""
    rng = stable_rng(seed, agency.id, column_id, slot.date, slot.index, "title")
    context = TitleContext(agency, slot, rng)
    return TITLES[column_id](context), doc_number(context, column_id)


def doc_number(c: TitleContext, column_id: str) -> str:
    if column_id in ("policies", "documents"):
        return c.doc_no("青政办" if c.agency.kind == "county" else None)
    if column_id == "normative":
        return c.doc_no("青政发" if c.slot.rank % 2 else "青政办发")
    if column_id == "enforcement" and c.slot.rank % 4 == 0:
        return c.doc_no(c.agency.doc_prefix + "罚决")
    return ""
