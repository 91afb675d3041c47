"""Body text of the detail pages: a few paragraphs per kind of column; annual reports come
from demo/annual_report.py (the national format, 国办公开办函〔2021〕30号)."""

from __future__ import annotations

import random
from datetime import date
from html import escape

from demo.annual_report import render_annual_report
from demo.content import error_html
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


LETTER_SENTENCES = (
    "希望有关部门能够尽快核实情况，并给予答复。",
    "此问题已持续较长时间，给周边群众生活带来不便。",
    "想了解具体的申请条件、办理流程和所需材料。",
    "恳请相关部门予以重视，谢谢！",
)
REPLY = ("您好！您反映的问题已收悉。经我单位核实，{what}。感谢您对我县工作的关心和支持，"
         "如有疑问，请在工作日拨打咨询电话0570-6{tel:06d}。")  # fmt: skip
WHAT = ("已安排工作人员现场查看，并督促责任单位限期整改",
        "相关政策及办理流程已在本单位网站“办事指南”栏目公开，可携带身份证件到政务服务中心窗口办理",
        "您提出的建议已转交业务科室研究，将在下一步工作中统筹考虑")  # fmt: skip


def body_html(seed: int, agency: Agency, pub: Publication) -> str:
    """The body; a publication carrying a content error (demo/content.py) says it before the
    signature (after the text of a news item)."""
    rng = stable_rng(seed, pub.agency_id, pub.column_id, pub.date, pub.index, "body")
    if pub.column_id == "annual_report":
        return render_annual_report(agency.name, pub.date.year - 1, pub.defect)
    error = error_html(pub)
    if pub.column_id == "news":
        lead = f"{cn_date(pub.date)}，{pub.title}。"
        return _join(_paragraphs([lead, *rng.sample(NEWS_SENTENCES, 3)]), error)
    if pub.column_id in ("notices", "policies", "normative", "documents"):
        return _document(rng, agency, pub, error)
    if pub.column_id == "interpretation":
        return _interpretation(pub)
    lead = f"根据《中华人民共和国政府信息公开条例》有关规定，现将{pub.title}有关情况予以公开。"
    text = _paragraphs([lead, "如有疑问，请在工作日与我单位联系。"])
    return _join(text, error, _paragraphs([_signature(agency, pub)]))


def _document(rng: random.Random, agency: Agency, pub: Publication, error: str = "") -> str:
    opening = "各乡镇人民政府、街道办事处，县级有关单位："
    purpose = "为做好相关工作，根据上级有关部署，结合我县实际，现就有关事项通知如下。"
    points = DOC_SENTENCES[: rng.randint(2, len(DOC_SENTENCES))]
    signature = _paragraphs([_signature(agency, pub)])
    return _join(_paragraphs([opening, purpose, *points]), error, signature)


def _interpretation(pub: Publication) -> str:
    return _paragraphs([
        "一、起草背景。为贯彻落实上级决策部署，结合我县实际，制定本文件。",
        "二、主要内容。文件明确了工作目标、重点任务和保障措施。",
        "三、解读机关及联系方式。如有疑问，请在工作日与文件起草单位联系。",
    ])  # fmt: skip


def message_html(seed: int, agency: Agency, pub: Publication) -> str:
    """A letter (政民互动) and its answer: a table of 来信时间 / 办理状态 / 答复时间, then texts."""
    rng = stable_rng(seed, pub.agency_id, pub.column_id, pub.date, pub.index, "letter")
    sender = rng.choice("王李张刘陈杨黄赵吴周") + "**"
    answered = pub.reply is not None
    rows = [("信件标题", pub.title), ("来信人", sender), ("来信时间", pub.date.isoformat()),
            ("办理状态", "已办结" if answered else "办理中"), ("答复单位", agency.name if answered else ""),
            ("答复时间", pub.reply.isoformat() if answered else "")]  # fmt: skip
    table = "".join(f"<tr><th>{label}</th><td>{escape(value)}</td></tr>" for label, value in rows)
    letter = "".join(rng.sample(LETTER_SENTENCES, 2))
    reply = REPLY.format(what=rng.choice(WHAT), tel=agency.webid) if answered else "正在办理中。"
    return (f'<table class="letter" border="1" cellspacing="0">{table}</table>\n'
            f'<div class="letter-text"><h4>来信内容</h4><p>{escape(letter)}</p></div>\n'
            f'<div class="reply-text"><h4>答复内容</h4><p>{escape(reply)}</p></div>')  # fmt: skip


def _signature(agency: Agency, pub: Publication) -> str:
    return f"{agency.name}　{cn_date(pub.created)}"


def _paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{escape(text)}</p>" for text in texts)


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)
