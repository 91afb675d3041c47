"""The weekly report at province scale: above `report.split_above_agencies` agencies the HTML
and the PDF are a summary, and each agency's findings are in its own page, linked from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from builders import record_check, stale_finding, two_agency_config
from lxml import html as lxml_html
from openpyxl import load_workbook

from monitor.config import load_config
from monitor.cycle import write_weekly_report
from monitor.findings import ACTIVE
from monitor.site_change import SITE_CHANGED
from monitor.store import Store

AS_OF = date(2026, 11, 27)
STEM = "weekly-2026-11-27"


@pytest.fixture(scope="module")
def province(demo_folder, tmp_path_factory) -> Path:
    """`zwgk report weekly` on a copy of the demo county, split above 3 agencies."""
    folder = tmp_path_factory.mktemp("split") / "demo"
    shutil.copytree(demo_folder, folder, ignore=shutil.ignore_patterns("*.lock", "weekly-*"))
    config = folder / "zwgk.yaml"
    config.write_text(config.read_text("utf-8") + "report:\n  split_above_agencies: 3\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "report", "weekly", "--config", str(config),
         "--as-of", AS_OF.isoformat(), "--out", str(folder / "out")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return folder


def listed_findings(folder: Path) -> dict[str, list]:
    """Each configured agency's findings the report lists: active, not 网站改版 events."""
    config = load_config(folder / "zwgk.yaml")
    store = Store(config.database)
    try:
        findings = store.findings(states=ACTIVE)
    finally:
        store.close()
    return {
        agency.id: [f for f in findings if f.agency_id == agency.id and f.status != SITE_CHANGED]
        for agency in config.agencies
    }


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def details_rows(page: Path) -> list[tuple[str, str]]:
    """(公开事项, 情况说明) of each row of an agency page's 问题明细 table."""
    tree = lxml_html.fromstring(page.read_bytes())
    heading = tree.xpath("//h2[contains(., '问题明细')]")[0]
    table = heading.getnext()
    if table.tag != "table":
        return []
    rows = table.xpath("./tr[td]")
    return [(row[0].text.strip(), row[2].text.strip()) for row in rows]


@pytest.mark.e2e
@pytest.mark.slow
def test_every_agency_has_its_own_page_linked_from_the_summary(province):
    summary = province / "out" / f"{STEM}.html"
    tree = lxml_html.fromstring(summary.read_bytes())
    linked = {href for href in tree.xpath("//a/@href") if href.startswith(f"{STEM}/")}
    agencies = listed_findings(province)
    assert linked == {f"{STEM}/{agency_id}.html" for agency_id in agencies}
    pages = {path.name for path in (province / "out" / STEM).iterdir()}
    assert pages == {f"{agency_id}.html" for agency_id in agencies}
    text = summary.read_text("utf-8")
    assert "<h3" not in text and "依据：" not in text  # no agency's section, no finding's basis


@pytest.mark.e2e
@pytest.mark.slow
def test_an_agency_page_lists_exactly_its_own_findings(province):
    for agency_id, findings in listed_findings(province).items():
        rows = details_rows(province / "out" / STEM / f"{agency_id}.html")
        expected = [(f.item_name, f.message) for f in findings]
        assert sorted(rows) == sorted(expected), agency_id
    assert any(listed_findings(province).values())  # the demo county has findings to list


@pytest.mark.e2e
@pytest.mark.slow
def test_the_summary_pdf_has_the_ranking_and_vetoes_but_no_agency_details(province):
    text = pdf_text(province / "out" / f"{STEM}.pdf")
    for heading in ("按单位类别统计", "各单位得分排名", "单项否决问题"):
        assert heading in text
    findings = [f for agency in listed_findings(province).values() for f in agency]
    assert "依据：" not in text  # the basis line of every finding in a details table
    not_veto = [f for f in findings if f.severity != "veto"]
    assert not_veto and not any(f.message[:20] in text.replace("\n", "") for f in not_veto)
    config = load_config(province / "zwgk.yaml")
    flat = text.replace("\n", "")
    assert all(agency.name in flat for agency in config.agencies)  # the ranking names them all


@pytest.mark.e2e
@pytest.mark.slow
def test_the_workbook_still_holds_every_finding(province):
    workbook = load_workbook(province / "out" / f"{STEM}.xlsx")
    findings = listed_findings(province)
    assert workbook["问题明细"].max_row - 1 == sum(len(f) for f in findings.values())
    assert workbook["汇总"].max_row - 1 == len(findings)
    rows = list(workbook["问题明细"].iter_rows(min_row=2, values_only=True))
    assert all(row[4] for row in rows)  # every row's 情况说明 written, none shifted


def test_a_small_county_report_is_one_file_per_format(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj")])
    path, _ = write_weekly_report(config, store, AS_OF, tmp_path / "out", ["html"])
    assert not (tmp_path / "out" / STEM).exists()
    assert "五、各单位问题明细" in path.read_text("utf-8")


def test_a_split_report_replaces_the_agency_pages_of_the_last_run(tmp_path):
    config = two_agency_config(tmp_path)
    config = config.model_copy(update={"report": config.report.model_copy(
        update={"split_above_agencies": 1})})  # fmt: skip
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj")])
    stale_page = tmp_path / "out" / STEM / "qx-gone.html"
    stale_page.parent.mkdir(parents=True)
    stale_page.write_text("an agency removed from the config since", "utf-8")
    path, _ = write_weekly_report(config, store, AS_OF, tmp_path / "out", ["html", "xlsx"])
    pages = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert pages == [STEM, f"{STEM}.html", f"{STEM}.xlsx"]  # no leftover .tmp or .old
    assert sorted(p.name for p in (tmp_path / "out" / STEM).iterdir()) == [
        "qx-jyj.html", "qx-mzj.html"]  # fmt: skip
    page = (tmp_path / "out" / STEM / "qx-jyj.html").read_text("utf-8")
    assert "栏目「&lt;b&gt;标题&lt;/b&gt;」已40天未更新" in page
    assert f'href="../{STEM}.html"' in page
