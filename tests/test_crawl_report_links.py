"""`zwgk crawl` follows a report page that only frames or links its report, on a real server.

Three annual-report pages, modelled on real ones: the 2025 report shown by a pdf.js viewer in
an <iframe> (the PDF's table 三 does not balance), the 2024 report offered as a .docx 附件,
and the 2023 report linked as a PDF that is gone. The crawl fetches each document once, keeps
the readable ones as the publications' content, and `zwgk check` judges the PDF's table.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from crawling import query, zwgk
from scripted_sites import HTML, LoggingServer, frame
from test_annual_report_shapes import ReportSpec, report_page, spec_docx

from reports.pdf import html_to_pdf
from reports.rendered import RenderError

AS_OF = "2026-11-23"
AGENCY = "qx-sj"
PDF_VIEWER = '<iframe src="/pdfjs/web/viewer.html?file=%2Fu%2F2025nb.pdf" width="100%"></iframe>'
DOCX_LINK = '<p>附件：<a href="/u/2024nb.docx">2024年政府信息公开工作年度报告.docx</a></p>'
GONE_LINK = '<p>附件：<a href="/u/2023nb.pdf">2023年度报告（PDF）</a></p>'
REPORTS = (  # (year, page path, body, published)
    (2025, "/nb/2025.html", PDF_VIEWER, "2026-01-20"),
    (2024, "/nb/2024.html", DOCX_LINK, "2025-01-22"),
    (2023, "/nb/2023.html", GONE_LINK, "2024-01-25"),
)


def title(year: int) -> str:
    return f"青溪县审计局{year}年政府信息公开工作年度报告"


def list_page() -> str:
    rows = "".join(f'<li><a href="{path}">{title(year)}</a><span>{day}</span></li>'
                   for year, path, _, day in REPORTS)  # fmt: skip
    return frame("政府信息公开年报", f'<ul class="list">{rows}</ul>')


def report_documents(tmp: Path) -> dict[str, bytes]:
    pdf = tmp / "2025nb.pdf"
    try:
        html_to_pdf(report_page(ReportSpec(year=2025, misreported=3)), pdf)
    except RenderError as exc:
        pytest.skip(str(exc))
    docx = tmp / "2024nb.docx"
    spec_docx(replace(ReportSpec(), year=2024), docx)
    return {"/u/2025nb.pdf": pdf.read_bytes(), "/u/2024nb.docx": docx.read_bytes()}


def config(base: str, database: Path) -> dict:
    column = {"id": "annual_report", "name": "政府信息公开年报", "url": base + "/nb/"}
    crawl = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 60,
             "check_links": False, "allow_private": ["127.0.0.1"]}  # fmt: skip
    agency = {"id": AGENCY, "name": "青溪县审计局", "kind": "department",
              "catalog": "department", "columns": [column]}  # fmt: skip
    return {"region": "青溪县", "database": str(database), "crawl": crawl, "agencies": [agency]}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """(server log, stored meta by publication path, findings) of one crawl and check."""
    tmp = tmp_path_factory.mktemp("report-links")
    documents = report_documents(tmp)
    with LoggingServer() as server:
        server.routes["/nb/"] = (HTML, list_page())
        for year, path, body, _ in REPORTS:
            server.routes[path] = (HTML, frame(title(year), f"<h1>{title(year)}</h1>{body}"))
        server.routes["/u/2025nb.pdf"] = ("application/pdf", documents["/u/2025nb.pdf"])
        server.routes["/u/2024nb.docx"] = ("application/octet-stream", documents["/u/2024nb.docx"])
        path = tmp / "zwgk.yaml"
        path.write_text(yaml.safe_dump(config(server.base, tmp / "zwgk.db"), allow_unicode=True))
        zwgk("crawl", "--config", str(path), "--as-of", AS_OF)
        log = server.requested()
        base = server.base
    rows = query(tmp / "zwgk.db", "select url, meta from publications")
    metas = {url.removeprefix(base): json.loads(meta or "{}") for url, meta in rows}
    zwgk("check", "--config", str(path), "--as-of", AS_OF)
    done = zwgk("findings", "--json", "--config", str(path))
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    return log, metas, findings, base


def test_each_linked_document_is_fetched_once(crawled):
    log, _, _, _ = crawled
    documents = [path for path in log if path.startswith("/u/")]
    assert sorted(documents) == ["/u/2023nb.pdf", "/u/2024nb.docx", "/u/2025nb.pdf"]
    assert not [path for path in log if "viewer.html" in path]  # the viewer's document instead


def test_the_documents_become_the_reports_content(crawled):
    _, metas, _, base = crawled
    pdf, docx = metas["/nb/2025.html"], metas["/nb/2024.html"]
    assert pdf["report_document"] == base + "/u/2025nb.pdf"
    assert docx["report_document"] == base + "/u/2024nb.docx"
    assert "<table" in pdf["content"] and "本年新收政府信息公开申请数量" in docx["content"]


def test_a_gone_document_keeps_the_page_and_says_so(crawled):
    _, metas, _, _ = crawled
    gone = metas["/nb/2023.html"]
    assert gone["report_document_outcome"] == "http_error"
    assert "report_document" not in gone and "2023nb.pdf" in gone["content"]


def test_the_pdf_reports_table_is_judged(crawled):
    _, _, findings, _ = crawled
    defective = [f for f in findings if f["item_id"] == "annual-report-format"]
    assert [f["status"] for f in defective] == ["defective"]
    codes = {e.get("code") for e in defective[0]["evidence"]}
    assert "table3_unbalanced" in codes, defective[0]["evidence"]
