"""The weekly report's additions: the 12-week trend chart (inline SVG) drawn from the score
history, each agency's change since last week, and the replies received this week — in the
HTML, the XLSX and the PDF."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from builders import record_check, stale_finding, two_agency_config
from openpyxl import load_workbook

from monitor.cycle import write_weekly_report
from monitor.findings import ACTIVE
from monitor.replies import submit_appeal, submit_reply
from monitor.scores import check_scores
from monitor.store import AgencyScore, Store
from reports.trend import Frame, trend_svg

AS_OF = date(2026, 10, 9)  # the Friday after 国庆: the report's week is 10-03 to 10-09
ZONE = ZoneInfo("Asia/Shanghai")
WEEK = timedelta(days=7)
# (days before AS_OF, agency, points, verdict): the history of earlier checks
HISTORY = [(7, "qx-jyj", 90, "合格"), (7, "qx-mzj", 100, "合格"),
           (14, "qx-jyj", 60, "合格"),  # mzj not checked that week
           (28, "qx-jyj", 50, "不合格"), (28, "qx-mzj", 40, "不合格")]  # fmt: skip
# nothing checked 21 days before: a gap in the line


def local(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), ZONE).astimezone(UTC).isoformat()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("weekly")
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    store.save_scores([AgencyScore(n, agency, AS_OF - timedelta(days=back), points, verdict, 0, 1)
                       for n, (back, agency, points, verdict) in enumerate(HISTORY, 1)])  # fmt: skip
    record_check(store, AS_OF, [stale_finding("qx-jyj"),  # 95, 合格
                                stale_finding("qx-mzj", item_id="annual", severity="veto")])  # fmt: skip
    store.save_scores(check_scores(config, 100, AS_OF, store.findings(states=ACTIVE)))
    send_replies(store)
    html, skipped = write_weekly_report(config, store, AS_OF, tmp_path / "out")
    assert skipped == []
    return html.parent


def send_replies(store: Store) -> None:
    jyj = store.add_user("jyj", "教育局", "department", "qx-jyj", "unused")
    mzj = store.add_user("mzj", "民政局", "department", "qx-mzj", "unused")
    news, annual = (next(f for f in store.findings() if f.agency_id == agency)
                    for agency in ("qx-jyj", "qx-mzj"))  # fmt: skip
    submit_reply(store, jyj, news, "国庆期间已恢复更新<b>", "https://x.gov.cn/news/1.html",
                 submitted_at=local(date(2026, 10, 3), 0, 30))  # fmt: skip
    submit_appeal(store, mzj, annual, "年报已在县门户网站统一发布",
                  submitted_at=local(date(2026, 10, 8), 16))  # fmt: skip
    submit_reply(store, jyj, news, "上周的回复", submitted_at=local(date(2026, 10, 2), 23, 30))


def page(written):
    return lxml.html.fromstring((written / "weekly-2026-10-09.html").read_text("utf-8"))


def chart_values(doc, title: str) -> list[float]:
    (svg,) = doc.xpath(f'//svg[@aria-label="{title}"]')
    return [float(circle.get("data-value")) for circle in svg.xpath(".//circle")]


def test_the_trend_charts_draw_the_score_history(written):
    doc = page(written)
    assert chart_values(doc, "合格率（近12周）") == [0, 100, 100, 50]
    assert chart_values(doc, "平均得分（近12周）") == [45, 60, 95, 97.5]
    (svg,) = doc.xpath('//svg[@aria-label="合格率（近12周）"]')
    runs = [line.get("points").split() for line in svg.xpath(".//polyline")]
    assert [len(run) for run in runs] == [1, 3]  # the week without a check breaks the line
    frame = Frame(500, 240)
    first_y = float(runs[1][0].split(",")[1])
    assert first_y == pytest.approx(frame.y(100), abs=0.1)  # 100% at the top of the plot
    labels = [t.text for t in svg.xpath(".//text")]
    assert "07-24" in labels and "10-09" in labels and "合格率（%）" in labels
    assert not doc.xpath("//script") and "http" not in "".join(svg.xpath(".//@href"))


def test_each_agency_shows_its_change_since_last_week(written):
    doc = page(written)
    rows = {row.xpath("./td[2]")[0].text_content(): row for row in doc.xpath("//table[1]//tr[td]")}
    jyj, mzj = rows["青溪县教育局"], rows["青溪县民政局"]
    assert jyj.xpath("./td[5]")[0].text_content().strip() == "+5"  # 95 now, 90 on 10-02
    assert mzj.xpath("./td[5]")[0].text_content().strip() == "持平上周合格"  # 100, now a veto
    assert "与2026-10-02及以前最近一次检查的得分比较" in doc.text_content()


def test_the_replies_received_this_week_are_listed(written):
    doc = page(written)
    (section,) = doc.xpath('//h2[contains(., "本周整改回复与申诉")]/following-sibling::table[1]')
    rows = [
        [td.text_content().strip() for td in tr.xpath("./td")] for tr in section.xpath(".//tr[td]")
    ]
    assert [row[:5] for row in rows] == [
        ["整改回复", "青溪县教育局", "工作动态「栏目不更新」", "2026-10-03 00:30", "jyj"],
        ["申诉", "青溪县民政局", "工作动态「栏目不更新」", "2026-10-08 16:00", "mzj"],
    ]  # the reply of 10-02 23:30 (local) is last week's
    assert rows[0][6] == "待复查" and rows[1][6] == "待审核"
    assert "国庆期间已恢复更新<b>" in rows[0][5] and not section.xpath(".//b")
    assert section.xpath(".//a/@href") == ["https://x.gov.cn/news/1.html"]


def test_the_workbook_has_the_change_the_replies_and_the_trend(written):
    workbook = load_workbook(written / "weekly-2026-10-09.xlsx")
    summary = [[cell.value for cell in row] for row in workbook["汇总"].iter_rows()]
    assert summary[0][-2:] == ["上周得分", "较上周"]
    assert {row[1]: row[-2:] for row in summary[1:]} == {"青溪县教育局": [90, 5],
                                                        "青溪县民政局": [100, 0]}  # fmt: skip
    replies = [
        [cell.value for cell in row] for row in workbook["整改回复与申诉"].iter_rows(min_row=2)
    ]
    assert [(row[0], row[1], row[7]) for row in replies] == [
        ("整改回复", "青溪县教育局", "待复查"), ("申诉", "青溪县民政局", "待审核")]  # fmt: skip
    trend = [[cell.value for cell in row] for row in workbook["得分趋势"].iter_rows(min_row=2)]
    assert len(trend) == 12 and trend[-1] == ["2026-10-09", 2, 1, 50, 97.5]


def test_the_pdf_prints_the_charts_and_the_replies(written):
    pdf = written / "weekly-2026-10-09.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for words in ("近12周趋势", "合格率（近12周）", "平均得分（近12周）", "97.5", "本周整改回复与申诉",
                  "年报已在县门户网站统一发布", "待审核"):  # fmt: skip
        assert words in text


def test_trend_svg_escapes_text_and_leaves_gaps():
    svg = trend_svg([("<b>一</b>", 20.0), ("二", None), ("三", 80.0)], title='<script>"x"</script>',
                    y_label="得分&分")  # fmt: skip
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert "得分&amp;分" in svg and svg.count("<polyline") == 2
    doc = lxml.html.fromstring(str(svg))
    circles = doc.xpath("//circle")
    assert [float(c.get("data-value")) for c in circles] == [20, 80]
    frame = Frame(640, 240)
    assert float(circles[1].get("cy")) == pytest.approx(frame.y(80), abs=0.1)
    assert float(circles[1].get("cy")) < float(circles[0].get("cy"))  # higher value, higher up


def test_trend_svg_without_values_says_so_and_can_fit_its_scale():
    empty = trend_svg([(AS_OF - WEEK, None), (AS_OF, None)], title="得分", y_label="分")
    assert "暂无数据" in empty and "<polyline" not in empty and "<circle" not in empty
    fitted = trend_svg([(AS_OF, 87.0)], title="得分", y_label="分", high=None)
    labels = [t.text for t in lxml.html.fromstring(str(fitted)).xpath("//text")]
    assert "90" in labels and "100" not in labels  # the scale ends at the next round number
