"""The fixed wording of a rectification notice, shared by the DOCX, HTML and PDF renderers."""

from __future__ import annotations

from datetime import date

from reports.labels import status_label
from reports.notice_model import NoticeDocument, chinese_date, chinese_number
from rules.findings import Finding

SECTION_PROBLEMS = "一、存在的问题"
SECTION_DEADLINE = "二、整改时限"
CLOSING = "特此通知。"
END_PUNCTUATION = "。！？；…"
ACTIONS = {
    "stale": "立即更新该栏目内容，建立栏目常态化更新机制，确保按规定频次更新。",
    "blank": "补充该栏目应公开的内容；确无内容的，按规定整合或关闭栏目。",
    "missing": "立即在规定栏目公开该事项，并书面说明未按时公开的原因。",
    "late": "书面说明逾期公开的原因，完善信息发布审核流程，确保今后按时公开。",
    "defective": "按国家规定格式修订并重新发布，补齐缺失部分和表格，核对数据。",
}
DEFAULT_ACTION = "对照公开依据逐项整改，并书面报送整改情况。"


def sentence(text: str) -> str:
    """Text ending with a full stop, whatever the data gave."""
    text = text.strip()
    return text if not text or text[-1] in END_PUNCTUATION else text + "。"


def opening(doc: NoticeDocument) -> str:
    return (
        f"根据《中华人民共和国政府信息公开条例》和{doc.region}政务公开工作要求，"
        f"经对你单位政府网站和政务公开栏目监测检查，发现存在以下{len(doc.problems)}项问题，"
        "现通知你单位限期整改。"
    )


def problem_heading(index: int, problem: Finding) -> str:
    item = problem.item_name + (f"（{problem.period}）" if problem.period else "")
    return f"（{chinese_number(index)}）{item}：{status_label(problem.status)}"


def basis_line(problem: Finding) -> str:
    return sentence(f"检查依据：{problem.basis}")


def action_line(problem: Finding) -> str:
    return sentence(f"整改要求：{ACTIONS.get(problem.status, DEFAULT_ACTION)}")


def deadline_sentence(doc: NoticeDocument) -> str:
    return (
        f"请于{chinese_date(doc.deadline)}前（{doc.deadline_workdays}个工作日内）完成整改，"
        f"并将整改情况书面报送{doc.issuer}。"
    )


def escalation_sentence(doc: NoticeDocument) -> str:
    return f"逾期未完成整改的，将在{doc.region}政务公开监测周报中予以通报。"


def contact_note(doc: NoticeDocument) -> str | None:
    return f"（联系方式：{doc.contact}）" if doc.contact else None


def evidence_date(value: object) -> str:
    """A date, or an ISO date string, in Chinese; any other text as it is."""
    if isinstance(value, date):
        return chinese_date(value)
    text = str(value or "").strip()
    try:
        return chinese_date(date.fromisoformat(text))
    except ValueError:
        return text


def evidence_fields(item: dict) -> dict[str, str]:
    """Evidence as display strings: label, title, date, url, note (empty when absent)."""
    return {
        "label": str(item.get("label") or "证据").strip(),
        "title": str(item.get("title") or "").strip(),
        "date": evidence_date(item.get("date")),
        "url": str(item.get("url") or "").strip(),
        "note": str(item.get("note") or "").strip(),
        "snapshot": str(item.get("snapshot") or "").strip(),  # 网页快照：DAY 抓取
        "snapshot_url": str(item.get("snapshot_url") or "").strip(),
    }


def evidence_details(item: dict) -> tuple[str, list[str]]:
    """The label of one evidence and its non-empty details: “title”, date, url, note, and the
    archived snapshot (网页快照：DAY 抓取, and its dashboard address)."""
    fields = evidence_fields(item)
    title = f"“{fields['title']}”" if fields["title"] else ""
    parts = ("title", "date", "url", "note", "snapshot", "snapshot_url")
    details = [title if part == "title" else fields[part] for part in parts]
    details = [part for part in details if part]
    return fields["label"], details


def evidence_line(index: int, item: dict) -> str:
    """One evidence as a plain line: 1. label：“title”，date，url，note"""
    label, details = evidence_details(item)
    return f"{index}. {label}" + (f"：{'，'.join(details)}" if details else "")


def text_width(content: str) -> float:
    """Width in characters of body text: ASCII is half as wide as a Chinese character."""
    return sum(0.5 if ch.isascii() else 1 for ch in content)


def signature_indents(doc: NoticeDocument) -> tuple[float, float]:
    """Right indents, in characters, of 发文机关署名 and 成文日期 (GB/T 9704 7.3.5.1):
    the date four characters from the right edge, the issuer centred over it."""
    date_text = chinese_date(doc.issue_date)
    issuer = max(0.0, 4 + (text_width(date_text) - text_width(doc.issuer)) / 2)
    return issuer, 4.0
