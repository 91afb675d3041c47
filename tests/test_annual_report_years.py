"""Checks beyond one table: figures in the text against table 三, a report against last year's
(结转, 现行有效, copied text), and `zwgk inspect annual-report` on files and URLs."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from county import CountyHandler, CountyServer
from test_annual_report_shapes import RESULTS, ReportSpec, report_page, spec_docx

from reports.pdf import html_to_pdf
from reports.rendered import RenderError
from rules.annual_report import inspect_annual_report
from rules.report_year_checks import compare_with_previous, repeated_share

REPO = Path(__file__).resolve().parents[1]
# last year's report, carrying into 2024 exactly what the 2024 report says it carried in
LAST_YEAR = ReportSpec(
    year=2023,
    results={**RESULTS, 0: [98, 6, 0, 1, 2, 0]},
    documents=(3, 2, 34),
    overview=(
        "2023年，本局以优化营商环境为重点推进政务公开，完善主动公开目录，规范依申请公开办理流程。",
        "全年共收到政府信息公开申请259件，已全部按期答复。",
    ),
    problems_text="存在的主要问题是信息发布的及时性有待提高。下一步将加强培训，压实各科室公开责任。",
)


def warnings_of(inspection) -> list[tuple[str, str]]:
    return [(warning.part, warning.code) for warning in inspection.warnings]


def inspected(spec: ReportSpec):
    return inspect_annual_report(report_page(spec), spec.year)


# --- figures in the text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全年共收到政府信息公开申请259件，予以公开及部分公开123件。",
         "正文称予以公开及部分公开123件，与表三「（一）予以公开与（二）部分公开合计」120件不符"),
        ("本年度新收政府信息公开申请262件。", "正文称收到申请262件，与表三「本年新收政府信息公开申请数量」259件不符"),
        ("结转下年度继续办理4件。", "正文称结转下年度4件，与表三「结转下年度继续办理」6件不符"),
        ("其中无法提供90件，不予处理17件。", "正文称无法提供90件，与表三「（四）无法提供」102件不符"),
        ("共受理政府信息公开申请265件（含上年结转6件），予以公开107件，部分公开13件。", None),
        ("较上年收到申请231件增长12%，2023年予以公开100件。", None),
    ],
)  # fmt: skip
def test_figures_in_the_text_against_table3(sentence, expected):
    inspection = inspected(ReportSpec(overview=("2024年，本局认真落实《条例》。", sentence)))
    assert inspection.ok, inspection.problems
    messages = [warning.message for warning in inspection.warnings]
    assert messages == ([expected] if expected else [])
    assert warnings_of(inspection) == ([("全文", "text_table_mismatch")] if expected else [])


# --- against last year's report ---------------------------------------------------------------


def compared(current: ReportSpec, previous: ReportSpec = LAST_YEAR):
    inspection = inspected(current)
    compare_with_previous(inspection, inspected(previous))
    return inspection


def test_consistent_with_last_year():
    inspection = compared(ReportSpec())
    assert inspection.ok and not inspection.warnings, inspection.problems + inspection.warnings


def test_carried_in_is_last_years_carried_out():
    inspection = compared(ReportSpec(), replace(LAST_YEAR, results=RESULTS))
    assert [(p.part, p.code) for p in inspection.problems] == [("三", "carried_over_mismatch")] * 2
    assert inspection.problems[0].message == (
        "表三「商业企业」列：上年结转1件，与2023年度报告「结转下年度继续办理」0件不符"
    )


def test_in_force_documents_follow_from_last_year():
    inspection = compared(ReportSpec(), replace(LAST_YEAR, documents=(3, 2, 30)))
    assert inspection.ok and warnings_of(inspection) == [("二", "in_force_mismatch")]
    assert "2023年度现行有效30件+本年制发4件−本年废止1件=33件，与本年现行有效37件不符" in (
        inspection.warnings[0].message
    )


def test_text_copied_from_last_year():
    copied = replace(
        LAST_YEAR,
        year=2024,
        results=RESULTS,
        documents=(0, 0, 33),
        overview=tuple(text.replace("2023", "2024") for text in LAST_YEAR.overview),
    )
    inspection = compared(copied)
    assert ("全文", "repeated_text") in warnings_of(inspection)
    assert "与2023年度报告相同（超过50%）" in inspection.warnings[-1].message
    assert inspection.ok  # a warning, not a defect


def test_repeated_share_masks_figures():
    before = ["全年共收到政府信息公开申请231件，已全部按期答复。", "无。"]
    assert repeated_share(["全年共收到政府信息公开申请259件，已全部按期答复。"], before) == 1.0
    assert repeated_share(["本年度重点推进基层政务公开标准化规范化建设。"], before) == 0.0


# --- the command ------------------------------------------------------------------------------


def zwgk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """This year's report as PDF (blank zeros, a copied figure wrong) and last year's as .docx."""
    folder = tmp_path_factory.mktemp("reports")
    spec = ReportSpec(blank_zeros=True, overview=("全年共收到政府信息公开申请261件。",))
    try:
        html_to_pdf(report_page(spec), folder / "2024.pdf")
    except RenderError as exc:
        pytest.skip(str(exc))
    spec_docx(replace(LAST_YEAR, results=RESULTS), folder / "2023.docx")
    return folder


def test_command_reads_pdf_and_docx_and_compares_years(files):
    done = zwgk("inspect", "annual-report", str(files / "2024.pdf"), "--year", "2024",
                "--previous", str(files / "2023.docx"), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is False
    assert {p["code"] for p in result["problems"]} == {"carried_over_mismatch"}
    assert [w["code"] for w in result["warnings"]] == [
        "blank_cells", "blank_cells", "text_table_mismatch"]  # fmt: skip
    text = zwgk("inspect", "annual-report", str(files / "2024.pdf"), "--year", "2024").stdout
    assert text.splitlines()[0].endswith(": ok (2024)")
    assert "  warning, part 全文: text_table_mismatch: 正文称收到申请261件" in text


class LoggedHandler(CountyHandler):
    def do_GET(self):  # noqa: N802  (http.server's interface)
        self.server.requested.append(self.path)
        super().do_GET()


@pytest.fixture
def site():
    with CountyServer() as server:
        server.RequestHandlerClass, server.requested = LoggedHandler, []
        yield server


def test_command_follows_the_framed_report_once(site, files):
    frame = '<html><body><div id="zoom"><iframe src="/files/nb.docx"></iframe></div></body></html>'
    site.routes["/art/1.html"] = ("text/html; charset=gbk", frame.encode("gbk"))
    site.routes["/files/nb.docx"] = ("application/octet-stream", (files / "2023.docx").read_bytes())
    done = zwgk("inspect", "annual-report", site.base + "/art/1.html", "--year", "2023", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is True and result["followed"] == site.base + "/files/nb.docx"
    assert site.requested == ["/art/1.html", "/files/nb.docx"]


def test_command_never_follows_a_link_to_another_private_address(site):
    port = site.server_address[1]
    page = f'<html><body><a href="http://127.0.0.2:{port}/nb.pdf">2024年度报告</a></body></html>'
    site.routes["/art/2.html"] = ("text/html; charset=utf-8", page.encode())
    done = zwgk("inspect", "annual-report", site.base + "/art/2.html", "--year", "2024")
    assert done.returncode == 2
    assert "127.0.0.2" in done.stderr and "private" in done.stderr
    assert site.requested == ["/art/2.html"]
