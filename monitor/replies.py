"""The rectification loop behind the dashboard: 整改回复 and 申诉, and what becomes of them.

A department answers one of its own active findings with a 整改回复 (what it did, the address
where the item is now published, an optional attachment) or an 申诉 (the finding is a false
positive, and why). A reply never resolves anything: the first check whose crawl started
after it verifies it from what that crawl found (`verify_replies`, at the end of every
check). A supervisor accepts an 申诉 (the finding becomes a false positive, waived) or
rejects it, with a reason. Every step is written to the audit log; `finding_timeline`
(`monitor.timeline`) tells a finding's whole life.
"""

from __future__ import annotations

import io
import os
import secrets
import zipfile
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from common.errors import BadInputError
from monitor.config import Config
from monitor.findings import ACTIVE, FindingError, waive
from monitor.notices import OPEN_STATES
from monitor.store import Attachment, Crawl, Reply, Store, User
from monitor.timeline import TimelineEvent, finding_timeline, notice_timeline, reply_state_label
from rules.findings import Finding

__all__ = ["ReplyError", "TimelineEvent", "crawl_moment", "decide_appeal", "finding_timeline",
           "notice_timeline", "reply_state_label", "save_attachment", "submit_appeal",
           "submit_reply", "verify_replies"]  # fmt: skip

CHECK = "check"  # who decides a reply: the check that re-crawled the finding
MAX_TEXT = 2000
MAX_URL = 2000
MAX_NAME = 120
ALLOWED = "PDF、Word（docx）、Excel（xlsx）或 PNG、JPG 图片"
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpg": "jpg",
              "jpeg": "jpg"}  # fmt: skip
LEGACY = ("doc", "xls", "wps", "et")  # OLE files: an installer (.msi) looks the same
MAGIC = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
MACRO_PARTS = {"word/vbaProject.bin", "xl/vbaProject.bin"}


class ReplyError(BadInputError):
    """A reply, appeal, attachment or decision the loop refuses; the message (in Chinese) is
    for the user who sent it."""


# -- attachments ------------------------------------------------------------------------------


def save_attachment(config: Config, agency_id: str, filename: str, data: bytes) -> Attachment:
    """Keep an uploaded file under attachments_dir/<agency>/<random name>.<type>, once its
    size, extension and content (magic bytes; an Office file's parts) agree."""
    limit = config.dashboard.attachment_max_mb
    if not data:
        raise ReplyError("附件是空文件。")
    if len(data) > limit * 1024 * 1024:
        raise ReplyError(f"附件超过{limit:g} MB，请压缩或拆分后上传。")
    kind = attachment_type(filename, data)
    try:
        config.agency(agency_id)
    except KeyError:
        raise ReplyError("未知单位，无法保存附件。") from None
    path = store_file(config.dashboard.attachments_dir / agency_id, kind, data)
    return Attachment(display_name(filename), str(path), kind, len(data))


def attachment_type(filename: str, data: bytes) -> str:
    """The file's type, when its extension is allowed and its content is of that type."""
    extension = PurePath(filename.replace("\\", "/")).suffix.lower().lstrip(".")
    if extension in LEGACY:
        raise ReplyError(
            f"不接受旧版 {extension} 格式（无法可靠校验），请另存为 docx、xlsx 或 PDF 后上传。"
        )
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise ReplyError(f"附件类型不支持（{extension or '无扩展名'}），请上传{ALLOWED}。")
    if kind in MAGIC:
        if not data.startswith(MAGIC[kind]):
            raise ReplyError(f"附件内容不是扩展名所示的 {extension} 文件，请上传{ALLOWED}。")
        return kind
    parts = zip_parts(data)
    if OOXML_PARTS[kind] not in parts or "[Content_Types].xml" not in parts:
        raise ReplyError(f"附件内容不是扩展名所示的 {extension} 文件，请上传{ALLOWED}。")
    if parts & MACRO_PARTS:
        raise ReplyError("附件含有宏，请另存为不含宏的文件或 PDF 后上传。")
    return kind


def zip_parts(data: bytes) -> set[str]:
    """The names inside a zip file (an Office file), never extracted; empty if not a zip."""
    if not data.startswith(b"PK\x03\x04"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def store_file(folder: Path, kind: str, data: bytes) -> Path:
    """Write under a random name (atomically); the user's file name never becomes a path."""
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    path, partial = folder / f"{name}.{kind}", folder / f".{name}.part"
    partial.write_bytes(data)
    os.replace(partial, path)
    return path


def display_name(filename: str) -> str:
    """The name as the user gave it, without folders or control characters (shown escaped)."""
    name = PurePath(filename.replace("\\", "/")).name
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[-MAX_NAME:] or "附件"


# -- replies and appeals ----------------------------------------------------------------------


def submit_reply(store: Store, user: User, finding: Finding, body: str, url: str | None = None,
                 attachment: Attachment | None = None, *,
                 submitted_at: str | None = None) -> Reply:  # fmt: skip
    """A department's 整改回复 to one of its active findings, linked to its open notice."""
    answerable(user, finding)
    body = required_text(body, "请填写整改情况。")
    url = checked_url(url)
    if attachment is not None and Path(attachment.path).parent.name != finding.agency_id:
        raise ReplyError("附件不属于本单位，请重新上传。")
    return store.add_reply("reply", finding.id, finding.agency_id, user.username, body, url,
                           open_notice_id(store, finding), attachment,
                           created_at=submitted_at)  # fmt: skip


def submit_appeal(store: Store, user: User, finding: Finding, reason: str, *,
                  submitted_at: str | None = None) -> Reply:  # fmt: skip
    """A department's 申诉: the finding is a false positive, for `reason`."""
    answerable(user, finding)
    reason = required_text(reason, "请填写申诉理由。")
    if store.replies(finding_id=finding.id, kind="appeal", state="submitted"):
        raise ReplyError("该问题已有申诉待审核，请等待政务公开办处理。")
    return store.add_reply("appeal", finding.id, finding.agency_id, user.username, reason,
                           notice_id=open_notice_id(store, finding),
                           created_at=submitted_at)  # fmt: skip


def answerable(user: User, finding: Finding) -> None:
    """Only an active department account answers, and only its own agency's active findings."""
    if user.role != "department" or not user.active:
        raise ReplyError("只有填报单位账号可以提交整改回复或申诉。")
    if user.agency_id != finding.agency_id:
        raise ReplyError("只能回复本单位的问题。")
    if finding.state not in ACTIVE:
        raise ReplyError("该问题已整改或已豁免，无需回复。")


def required_text(text: str | None, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReplyError(missing)
    if len(text) > MAX_TEXT:
        raise ReplyError(f"内容过长，请控制在{MAX_TEXT}字以内。")
    return text


def checked_url(url: str | None) -> str | None:
    """The address where the item is published now: http(s) with a host, or nothing."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or len(url) > MAX_URL or any(char.isspace() for char in url)):  # fmt: skip
        raise ReplyError("发布地址应为以 http:// 或 https:// 开头的网址。")
    return url


def open_notice_id(store: Store, finding: Finding) -> int | None:
    """The open 整改通知书 that lists the finding, if any."""
    for notice in store.notices(states=OPEN_STATES, agency_id=finding.agency_id):
        if any(listed.id == finding.id for listed in store.notice_findings(notice.id)):
            return notice.id
    return None


def decide_appeal(store: Store, user: User, reply: Reply, accept: bool, reason: str,
                  as_of: date) -> Reply:  # fmt: skip
    """A supervisor's decision on an 申诉: accepted, the finding is waived as a false positive
    (the existing waiver); rejected, it stays as it is. Both need a reason."""
    if not user.can_supervise or not user.active:
        raise ReplyError("只有政务公开办（主管单位）账号可以处理申诉。")
    current = store.reply(reply.id)
    if current is None or current.kind != "appeal":
        raise ReplyError("这不是一条申诉。")
    if current.state != "submitted":
        raise ReplyError("该申诉已经处理过。")
    reason = required_text(reason, "请填写处理理由。")
    if accept:
        waive_as_false_positive(store, user, current, reason, as_of)
    store.decide_reply(current.id, "accepted" if accept else "rejected", user.username, reason)
    return store.reply(current.id)


def waive_as_false_positive(store: Store, user: User, appeal: Reply, reason: str,
                            as_of: date) -> None:  # fmt: skip
    finding = store.finding(appeal.finding_id)
    if finding is None or finding.state == "resolved":
        raise ReplyError("该问题已经复查整改，不能再认定为误报，请驳回申诉。")
    try:
        waive(store, finding.id, reason, None, True, as_of, by=user.username, appeal=appeal.id)
    except FindingError as exc:
        raise ReplyError("无法认定为误报，请刷新页面后重试。") from exc


# -- verification by the next crawl ------------------------------------------------------------


def verify_replies(store: Store, check_id: int, as_of: date, crawl: Crawl | None = None,
                   timezone: str = "Asia/Shanghai") -> list[Reply]:  # fmt: skip
    """Settle every pending 整改回复 this check can judge: its crawl (default: the latest)
    started after the reply. Resolved (or no longer active) → verified; seen again by this
    check → not_verified; not judged (its column could not be fetched) → still pending.
    The finding itself is never changed here."""
    pending = store.replies(kind="reply", state="submitted")
    crawl = crawl or store.latest_crawl()
    if not pending or crawl is None:
        return []
    moment = crawl_moment(crawl, timezone)
    settled = []
    for reply in pending:
        outcome = verdict(store.finding(reply.finding_id), check_id, as_of)
        if outcome and submitted(reply) < moment:
            store.decide_reply(reply.id, outcome[0], CHECK, outcome[1], as_of)
            settled.append(store.reply(reply.id))
    return settled


def verdict(finding: Finding | None, check_id: int, as_of: date) -> tuple[str, str] | None:
    if finding is None:
        return None
    if finding.state == "resolved":
        return "verified", f"{as_of.isoformat()}复查：未再发现该问题，已整改。"
    if finding.state not in ACTIVE:
        return "verified", f"{as_of.isoformat()}复查：该问题已豁免，不再计入。"
    if finding.last_check == check_id:
        return "not_verified", f"{as_of.isoformat()}复查：问题仍然存在。{finding.message}"
    return None


def crawl_moment(crawl: Crawl, timezone: str) -> datetime:
    """When a crawl looked: its start, or for a replayed day (`as_of` not the day it ran,
    as in the demo and tests) the start of that day, in the county's time zone."""
    started = aware(datetime.fromisoformat(crawl.started_at))
    day, zone = date.fromisoformat(crawl.as_of[:10]), ZoneInfo(timezone)
    if started.astimezone(zone).date() == day:
        return started
    return datetime.combine(day, time(), zone)


def submitted(reply: Reply) -> datetime:
    return aware(datetime.fromisoformat(reply.created_at))


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
