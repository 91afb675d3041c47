"""The body of a demo agency's 政府信息公开工作年度报告, in the national format (国办公开办函〔2021〕30号).

Numbers are seeded by agency name and year, so a report is the same on every run. Defects
reproduce what inspections find on real sites: `bare_headings` (parts 二、三、四 as headings
with prose, no tables) and `unbalanced` (table 三's 自然人 and 总计 columns off by a few).
"""

from __future__ import annotations

import random
from html import escape

from demo.stable import stable_rng

DEFECTS = (None, "bare_headings", "unbalanced")
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
# (group cell, item cell or None, weight of an application ending there)
RESULTS = (
    ("（一）予以公开", None, 45),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, 10),
    ("（三）不予公开", "1.属于国家秘密", 0.3),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", 0.3),
    ("（三）不予公开", "3.危及“三安全一稳定”", 0.3),
    ("（三）不予公开", "4.保护第三方合法权益", 1.5),
    ("（三）不予公开", "5.属于三类内部事务信息", 1),
    ("（三）不予公开", "6.属于四类过程性信息", 1.5),
    ("（三）不予公开", "7.属于行政执法案卷", 0.5),
    ("（三）不予公开", "8.属于行政查询事项", 1),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", 20),
    ("（四）无法提供", "2.没有现成信息需要另行制作", 3),
    ("（四）无法提供", "3.补正后申请内容仍不明确", 2),
    ("（五）不予处理", "1.信访举报投诉类申请", 4),
    ("（五）不予处理", "2.重复申请", 2),
    ("（五）不予处理", "3.要求提供公开出版物", 0.5),
    ("（五）不予处理", "4.无正当理由大量反复申请", 0.5),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", 0.5),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 3),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0.2),
    ("（六）其他处理", "3.其他", 1),
)  # fmt: skip
NEW_RANGES = ((6, 48), (0, 6), (0, 1), (0, 1), (0, 3), (0, 2))  # per applicant column


def render_annual_report(agency_name: str, year: int, defect: str | None = None) -> str:
    if defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}; known: {DEFECTS[1:]}")
    rng = stable_rng("annual-report", agency_name, year)
    scale = 3 if agency_name.endswith("县人民政府") else 1
    title = f"{agency_name}{year}年政府信息公开工作年度报告"
    body = [
        f'<p style="text-align: center;"><strong>{escape(title)}</strong></p>',
        _para(_intro(agency_name, year)),
        _heading("一、总体情况"),
        *(_para(text) for text in _overview(agency_name, year, rng)),
    ]
    if defect == "bare_headings":
        body += _prose_parts(year, rng, scale)
    else:
        table3 = _table3_numbers(rng, scale, unbalanced=defect == "unbalanced")
        body += [_heading("二、主动公开政府信息情况"), _table2(rng, scale)]
        body += [_heading("三、收到和处理政府信息公开申请情况"), _table3(table3)]
        body += [_heading("四、政府信息公开行政复议、行政诉讼情况"), _table4(rng)]
    body += [_heading("五、存在的主要问题及改进情况"), *(_para(t) for t in _issues(year))]
    body += [_heading("六、其他需要报告的事项"), _para(_other(agency_name, year))]
    signed = f"{year + 1}年1月{rng.randint(10, 28)}日"
    body.append(f'<p style="text-align: right;">{escape(agency_name)}<br/>{signed}</p>')
    return '<div class="article-content">\n' + "\n".join(body) + "\n</div>"


def _heading(text: str) -> str:
    return f'<p style="text-indent: 2em;"><strong>{escape(text)}</strong></p>'


def _para(text: str) -> str:
    return f'<p style="text-indent: 2em;">{escape(text)}</p>'


def _row(*cells: str) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _td(text: object = "", colspan: int = 1, rowspan: int = 1) -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
        f' rowspan="{rowspan}"' if rowspan > 1 else ""
    )
    return f'<td{spans} style="text-align: center;">{escape(str(text))}</td>'


def _table(rows: list[str]) -> str:
    return '<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>\n' + (
        "\n".join(rows) + "\n</tbody></table>"
    )


def _intro(agency: str, year: int) -> str:
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与"
        "政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
        "（国办公开办函〔2021〕30号）要求编制。本报告中所列数据的统计期限自"
        f"{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。"
    )


def _overview(agency: str, year: int, rng: random.Random) -> list[str]:
    items = rng.randint(120, 480)
    return [
        f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级"
        "关于政务公开工作的部署要求，以公开促落实、强监管、优服务，不断提升政务公开质量和实效。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{items}条，及时更新机构职能、"
        "政策文件、财政预决算、人事信息等栏目内容，对行政规范性文件做到同步起草、同步审签、同步发布解读。",
        "（二）依申请公开。严格执行依申请公开受理、审查、答复等工作流程，规范答复文书，"
        "所有申请均在法定期限内答复。",
        "（三）政府信息管理。落实公文公开属性源头认定制度，动态更新主动公开事项目录和政府信息公开指南。",
        "（四）平台建设与监督保障。加强政府网站和政务新媒体内容保障，将政务公开纳入年度工作考核。",
    ]


def _table2(rng: random.Random, scale: int) -> str:
    made = rng.randint(0, 3) * scale
    repealed = rng.randint(0, made) if made else 0
    fees = f"{rng.randint(0, 9000) * scale / 100:.2f}"
    rows = [
        _row(_td("第二十条第（一）项", colspan=4)),
        _row(_td("信息内容"), _td("本年制发件数"), _td("本年废止件数"), _td("现行有效件数")),
        _row(_td("规章"), _td(0), _td(0), _td(0)),
        _row(
            _td("行政规范性文件"),
            _td(made),
            _td(repealed),
            _td(made - repealed + rng.randint(3, 20)),
        ),
        _row(_td("第二十条第（五）项", colspan=4)),
        _row(_td("信息内容"), _td("本年处理决定数量", colspan=3)),
        _row(_td("行政许可"), _td(rng.randint(0, 400) * scale, colspan=3)),
        _row(_td("第二十条第（六）项", colspan=4)),
        _row(_td("信息内容"), _td("本年处理决定数量", colspan=3)),
        _row(_td("行政处罚"), _td(rng.randint(0, 120) * scale, colspan=3)),
        _row(_td("行政强制"), _td(rng.randint(0, 10), colspan=3)),
        _row(_td("第二十条第（八）项", colspan=4)),
        _row(_td("信息内容"), _td("本年收费金额（单位：万元）", colspan=3)),
        _row(_td("行政事业性收费"), _td(fees, colspan=3)),
    ]
    return _table(rows)


def _table3_numbers(rng: random.Random, scale: int, unbalanced: bool) -> dict[str, list[int]]:
    """Rows 'new', 'carried_in', each result index, 'carried_out': one number per applicant."""
    numbers: dict[str, list[int]] = {"new": [], "carried_in": [], "carried_out": []}
    results = [[0] * len(APPLICANTS) for _ in RESULTS]
    weights = [weight for _, _, weight in RESULTS]
    for column, (low, high) in enumerate(NEW_RANGES):
        new = rng.randint(low, high) * (scale if column == 0 else 1)
        carried_in = rng.randint(0, 2) if column == 0 else 0
        carried_out = rng.randint(0, min(2, new)) if column == 0 else 0
        for _ in range(new + carried_in - carried_out):
            results[rng.choices(range(len(RESULTS)), weights)[0]][column] += 1
        for key, value in (("new", new), ("carried_in", carried_in), ("carried_out", carried_out)):
            numbers[key].append(value)
    numbers.update({str(index): row for index, row in enumerate(results)})
    if unbalanced:
        numbers["carried_out"][0] += rng.randint(1, 3)
    return numbers


def _table3(numbers: dict[str, list[int]]) -> str:
    def cells(values: list[int]) -> list[str]:
        return [_td(value) for value in values] + [_td(sum(values))]

    totals = [sum(numbers[str(i)][c] for i in range(len(RESULTS))) for c in range(len(APPLICANTS))]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        _row(_td(note, colspan=3, rowspan=3), _td("申请人情况", colspan=7)),
        _row(_td("自然人", rowspan=2), _td("法人或其他组织", colspan=5), _td("总计", rowspan=2)),
        _row(*(_td(name) for name in APPLICANTS[1:])),
        _row(_td("一、本年新收政府信息公开申请数量", colspan=3), *cells(numbers["new"])),
        _row(_td("二、上年结转政府信息公开申请数量", colspan=3), *cells(numbers["carried_in"])),
    ]
    seen: set[str] = set()
    for index, (group, item, _) in enumerate(RESULTS):
        lead = [_td("三、本年度办理结果", rowspan=len(RESULTS) + 1)] if index == 0 else []
        if item is None:
            label = [_td(group, colspan=2)]
        else:
            span = sum(1 for other, _, _ in RESULTS if other == group)
            label = ([] if group in seen else [_td(group, rowspan=span)]) + [_td(item)]
            seen.add(group)
        rows.append(_row(*lead, *label, *cells(numbers[str(index)])))
    rows.append(_row(_td("（七）总计", colspan=2), *cells(totals)))
    rows.append(_row(_td("四、结转下年度继续办理", colspan=3), *cells(numbers["carried_out"])))
    return _table(rows)


def _table4(rng: random.Random) -> str:
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    groups = [[rng.choice((0, 0, 0, 1)), 0, 0, rng.choice((0, 0, 1))] for _ in range(3)]
    values = [value for group in groups for value in (*group, sum(group))]
    rows = [
        _row(_td("行政复议", colspan=5), _td("行政诉讼", colspan=10)),
        _row(
            *(_td(name, rowspan=2) for name in outcomes),
            _td("未经复议直接起诉", colspan=5),
            _td("复议后起诉", colspan=5),
        ),  # fmt: skip
        _row(*(_td(name) for name in outcomes * 2)),
        _row(*(_td(value) for value in values)),
    ]
    return _table(rows)


def _prose_parts(year: int, rng: random.Random, scale: int) -> list[str]:
    received = rng.randint(6, 40) * scale
    return [
        _heading("二、主动公开政府信息情况"),
        _para(
            f"{year}年，本机关通过政府门户网站主动公开政府信息{rng.randint(120, 480)}条，"
            f"制发行政规范性文件{rng.randint(0, 3)}件。"
        ),  # fmt: skip
        _heading("三、收到和处理政府信息公开申请情况"),
        _para(f"本年度共收到政府信息公开申请{received}件，均已在法定期限内答复。"),
        _heading("四、政府信息公开行政复议、行政诉讼情况"),
        _para("本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"),
    ]


def _issues(year: int) -> list[str]:
    return [
        f"{year}年政府信息公开工作虽取得一定成效，但仍存在政策解读形式较为单一、"
        "部分栏目更新不够及时等问题。",
        f"{year + 1}年，将进一步丰富图解、视频等解读形式，建立栏目更新责任清单，"
        "加强工作人员业务培训，推动政务公开工作提质增效。",
    ]


def _other(agency: str, year: int) -> str:
    return (
        f"{year}年，{agency}未收取政府信息公开信息处理费。"
        "本机关年度政务公开工作要点落实情况已在政府门户网站专栏公开。"
    )
