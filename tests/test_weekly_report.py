"""The weekly report as users open it: HTML in a browser, XLSX in Excel, PDF printed."""

import subprocess
from datetime import date

import pytest
from builders import record_check, stale_finding, two_agency_config
from openpyxl import load_workbook
from PIL import Image

from monitor.cycle import write_weekly_report
from monitor.store import Store

AS_OF = date(2026, 11, 27)
HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://evil")'


@pytest.fixture
def written(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj", title=HOSTILE),
                                stale_finding("qx-mzj", item_id="annual", severity="veto")])  # fmt: skip
    path, skipped = write_weekly_report(config, store, AS_OF, tmp_path / "out")
    assert skipped == []
    return path.parent


def test_html_escapes_crawled_text_and_ranks(written):
    html = (written / "weekly-2026-11-27.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "不合格" in html and "单项否决" in html


def test_xlsx_opens_with_sheets_rows_and_no_formula(written):
    workbook = load_workbook(written / "weekly-2026-11-27.xlsx")
    assert workbook.sheetnames == ["汇总", "问题明细", "整改通知书", "整改回复与申诉", "得分趋势",
                                   "栏目覆盖"]  # fmt: skip
    summary = [[cell.value for cell in row] for row in workbook["汇总"].iter_rows()]
    assert summary[0][:5] == ["排名", "单位", "类别", "得分", "结论"]
    assert summary[1][:5] == [1, "青溪县教育局", "县级部门", 95, "合格"]
    assert summary[2][:5] == [2, "青溪县民政局", "县级部门", 100, "不合格"]
    details = list(workbook["问题明细"].iter_rows(min_row=2))
    message = next(row[4] for row in details if row[0].value == "青溪县教育局")
    assert message.data_type == "s" and HOSTILE in message.value


def test_pdf_has_embedded_chinese_fonts_and_ink(written, tmp_path):
    pdf = written / "weekly-2026-11-27.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "CJK" in fonts.stdout and " yes yes yes " in fonts.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "青溪县政务公开监测周报" in text.stdout and "青溪县民政局" in text.stdout
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    title_band = page.crop((0, 0, page.width, page.height // 8)).histogram()
    assert sum(title_band[:128]) / sum(title_band) > 0.005  # the title is drawn, not blank


def test_report_says_when_a_year_had_no_official_calendar(tmp_path):
    far = date(2041, 6, 1)  # no calendar release will know 2040-2042 for years
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    record_check(store, far, [])
    html = write_weekly_report(config, store, far, tmp_path / "out")[0].read_text("utf-8")
    assert "2040年、2041年、2042年节假日安排尚未发布" in html
    holidays = tmp_path / "holidays.yaml"
    entries = "".join(f"  {y}:\n    holidays: [{y}-01-01]\n" for y in (2040, 2041, 2042))
    holidays.write_text("years:\n" + entries, encoding="utf-8")
    config = config.model_copy(update={"holidays": holidays})
    html = write_weekly_report(config, store, far, tmp_path / "out2")[0].read_text("utf-8")
    assert "节假日安排尚未发布" not in html


def test_every_status_a_rule_reports_has_a_chinese_label():
    from pathlib import Path

    import yaml

    from reports.labels import STATUS_LABELS

    cases = yaml.safe_load(
        (Path(__file__).parent / "golden" / "rule_kinds.yaml").read_text("utf-8")
    )
    statuses = {expected[0] for case in cases for expected in case["expected"]}
    assert len(statuses) >= 12
    assert statuses <= set(STATUS_LABELS)
