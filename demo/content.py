"""Content errors injected into known recent publications: the text of their pages says
something a content check flags (错敏词, leaked personal data, hidden or blocked links).

Each error is an injection of demo/violations.py (`content-…`): it marks the latest
publication of its column dated at least `ANCHOR_DAYS` before the two-month block `as_of` is
in (the same publication through the block, recent enough for its detail page to be read),
and demo/bodies.py adds `error_html` to that page's body. `--fix ID` leaves the page as it
would be. What a correct monitor reports is one finding per error: its check, on its page
and word (demo/judges.py `content`, demo/expected.py). Annual reports and messages are never
touched: other checks judge them, nor are the three sites the incremental crawl tests
watch (qx-gov, qx-mzj, qx-slj): a page with hits is read again at every crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape

from demo.leaders import leader
from demo.model import Publication
from rules.content_personal import PERSONAL_CHECKS, masked

ANCHOR_DAYS = 3  # the marked publication is the latest on or before block start - 3 days
ID_NUMBER = "331127197506123038"  # 18 digits, a valid check digit (GB 11643)
BANK_CARD = "6228480402564890018"  # 19 digits, a valid Luhn digit
MOBILE = "13957081234"
HIDDEN_HREF = "http://www.seo-links.example/qx.html"
BLOCKED_HREF = "http://www.qx-casino.example/"


@dataclass(frozen=True)
class ContentError:
    id: str  # the injection id, and the mark of the publication carrying it
    agency_id: str
    column_id: str
    check: str  # the content check that flags it (rules.kinds.content.CHECKS)
    grade: str  # serious | general | suspected
    word: str  # as the page shows it; a link: its href as written
    text: str  # the paragraph ({day}: a day before the publication's); a link: its HTML
    note: str  # what is wrong, for the violation's description

    @property
    def shown(self) -> str:
        """The word as a finding shows it: a personal number masked."""
        return masked(self.word) if self.check in PERSONAL_CHECKS else self.word

    def html(self, pub: Publication) -> str:
        if self.check in ("hidden_link", "blocked_link"):
            return self.text.format(href=escape(self.word))
        day = pub.date - timedelta(days=1)
        return f"<p>{escape(self.text.format(day=f'{day.month}月{day.day}日'))}</p>"


def _leader_text(name: str, title: str, rest: str) -> str:
    return f"{title}{leader(name).name}{rest}"


CONTENT_ERRORS: tuple[ContentError, ...] = (
    ContentError("content-outdated-name-qx-yjglj", "qx-yjglj", "news", "outdated_name", "general",
                 "安全生产监督管理局", "活动由县安全生产监督管理局牵头，县消防救援大队等单位共同参与。",
                 "使用已撤销的机构名称“安全生产监督管理局”（应为“应急管理局”）"),
    ContentError("content-leader-title-qx-fgj", "qx-fgj", "news", "leader", "serious",
                 "陈立群", _leader_text("陈立群", "副县长", "出席会议并讲话，对下一步重点项目建设提出要求。"),
                 "县长陈立群被称为“副县长”"),
    ContentError("content-former-leader-qx-zjj", "qx-zjj", "news", "leader", "serious",
                 "王建民", _leader_text("王建民", "县长", "带队检查了全县老旧小区改造和城市燃气安全工作。"),
                 "已离任的王建民仍被称为“县长”"),
    ContentError("content-wrong-word-qx-wjj", "qx-wjj", "news", "wrong_word", "general",
                 "布署", "会议对下一阶段医共体建设和传染病防控工作进行了布署。",
                 "错别字“布署”（应为“部署”）"),
    ContentError("content-wrong-word-qx-qsx", "qx-qsx", "news", "wrong_word", "general",
                 "再接再励", "会议要求，全乡干部要再接再励，推动茶产业发展和乡村旅游再上新台阶。",
                 "错别字“再接再励”（应为“再接再厉”）"),
    ContentError("content-cutoff-qx-nyncj", "qx-nyncj", "news", "wrong_word", "suspected",
                 "截止", "截止{day}，全县已累计发放农机购置补贴资金386万元，惠及农户1200余户。",
                 "“截止”后接时间点和累计数（应为“截至”）"),
    ContentError("content-id-number-qx-zrzyj", "qx-zrzyj", "notices", "id_number", "serious",
                 ID_NUMBER, f"经审核，权利人张某某（身份证号码：{ID_NUMBER}）申请不动产首次登记，现予公告。",
                 "公告公开了完整的身份证号码"),
    ContentError("content-mobile-qx-gaj", "qx-gaj", "news", "mobile", "general",
                 MOBILE, f"如发现可疑情况，请及时联系社区民警李警官，手机：{MOBILE}。",
                 "新闻中公开了个人手机号码"),
    ContentError("content-bank-card-qx-scjgj", "qx-scjgj", "notices", "bank_card", "serious",
                 BANK_CARD, f"帮扶补贴资金已拨付至申请人王某某的银行卡（卡号：{BANK_CARD}），请注意查收。",
                 "公开了完整的银行卡号"),
    ContentError("content-hidden-link-qx-jyj", "qx-jyj", "notices", "hidden_link", "serious",
                 HIDDEN_HREF, '<p><a href="{href}" style="display:none">教育资源下载</a></p>',
                 "正文中有一个以 display:none 隐藏的外部链接"),
    ContentError("content-blocked-link-qx-cgz", "qx-cgz", "news", "blocked_link", "serious",
                 BLOCKED_HREF, '<p>相关链接：<a href="{href}">文明城市创建专题</a></p>',
                 "正文链接指向违规网站"),
)  # fmt: skip
CONTENT_IDS = frozenset(error.id for error in CONTENT_ERRORS)


def content_error(error_id: str) -> ContentError:
    return next(error for error in CONTENT_ERRORS if error.id == error_id)


def error_of(pub: Publication) -> ContentError | None:
    """The content error a publication carries, if any (its mark)."""
    return content_error(pub.mark) if pub.mark in CONTENT_IDS else None


def error_html(pub: Publication) -> str:
    """What the publication's body says beyond the regular text ('' for most)."""
    error = error_of(pub)
    return error.html(pub) if error else ""
