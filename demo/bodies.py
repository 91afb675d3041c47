"""Body text of the detail pages: a few paragraphs per kind of column; annual reports come
from demo/annual_report.py (the national format, 国办公开办函〔2021〕30号)."""

from __future__ import annotations

import random
from datetime import date
from html import escape

from demo.annual_report import render_annual_report
from demo.model import Agency, Publication
from demo.stable import stable_rng

NEWS_SENTENCES = (
    "会议传达学习了上级有关会议和文件精神，通报了近期工作进展情况。",
    "会议指出，要坚持问题导向，压实工作责任，确保各项任务按时保质完成。",
    "活动现场，工作人员向群众发放宣传资料，耐心解答群众咨询的问题。",
    "下一步，将进一步细化工作举措，加强部门协同，推动工作取得更大实效。",
    "检查组一行深入一线，实地查看了工作开展情况，并对存在的问题提出整改要求。",
    "与会人员围绕重点工作进行了深入交流，提出了具体意见建议。",
)
DOC_SENTENCES = (
    "一、提高思想认识。各单位要充分认识做好此项工作的重要意义，切实加强组织领导。",
    "二、明确工作任务。要对照目标要求，细化工作措施，明确责任分工和完成时限。",
    "三、强化督促检查。要加强日常监督，及时发现和解决工作中存在的问题。",
    "四、做好信息报送。请各单位于每月5日前报送上月工作进展情况。",
)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def body_html(seed: int, agency: Agency, pub: Publication) -> str:
    rng = stable_rng(seed, pub.agency_id, pub.column_id, pub.date, pub.index, "body")
    if pub.column_id == "annual_report":
        return render_annual_report(agency.name, pub.date.year - 1)
    if pub.column_id == "news":
        return _paragraphs([f"{cn_date(pub.date)}，{pub.title}。", *rng.sample(NEWS_SENTENCES, 3)])
    if pub.column_id in ("notices", "policies", "normative"):
        return _document(rng, agency, pub)
    lead = f"根据《中华人民共和国政府信息公开条例》有关规定，现将{pub.title}有关情况予以公开。"
    return _paragraphs([lead, "如有疑问，请在工作日与我单位联系。", _signature(agency, pub)])


def _document(rng: random.Random, agency: Agency, pub: Publication) -> str:
    opening = "各乡镇人民政府、街道办事处，县级有关单位："
    purpose = "为做好相关工作，根据上级有关部署，结合我县实际，现就有关事项通知如下。"
    points = DOC_SENTENCES[: rng.randint(2, len(DOC_SENTENCES))]
    return _paragraphs([opening, purpose, *points, _signature(agency, pub)])


def _signature(agency: Agency, pub: Publication) -> str:
    return f"{agency.name}　{cn_date(pub.created)}"


def _paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{escape(text)}</p>" for text in texts)
