"""Rectification notice rendering: DOCX layout and fonts, PDF with embedded Chinese fonts, HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from reports import pdf
from reports.notice_docx import write_notice_docx
from reports.notice_html import render_notice_html
from reports.notice_model import NoticeDocument, chinese_date, chinese_number
from reports.notice_pdf import RenderError, write_notice_pdf
from rules.findings import Finding

DEADLINE_SENTENCE = (
    "请于2026年12月4日前（5个工作日内）完成整改，并将整改情况书面报送青溪县人民政府办公室。"
)
SCRIPT_TITLE = "<script>alert(1)</script>教育局召开R&D会议"


def problems() -> list[Finding]:
    return [
        Finding(
            agency_id="qx-jyj",
            item_id="annual-report",
            kind="periodic",
            status="missing",
            period="2025年度",
            severity="veto",
            item_name="政府信息公开工作年度报告",
            message="2025年度报告应于2026年1月31日前公开，截至检查日仍未公开",
            basis="《政府信息公开条例》第四十九条",
            evidence=[{"label": "年度报告栏目", "url": "http://www.qingxi.gov.cn/jyj/ndbg/"}],
        ),
        Finding(
            agency_id="qx-jyj",
            item_id="news",
            kind="freshness",
            status="stale",
            period=None,
            severity="veto",
            item_name="工作动态",
            message="最近一条信息发布于2026年10月9日，已超过2周未更新",
            basis="《政府网站与政务新媒体检查指标》",
            evidence=[
                {
                    "label": "最新信息",
                    "title": SCRIPT_TITLE,
                    "date": "2026-10-09",
                    "url": "http://www.qingxi.gov.cn/jyj/gzdt/t20261009_1.html",
                },
                {"label": "栏目页", "url": "javascript:alert(1)"},
            ],
        ),
        Finding(
            agency_id="qx-jyj",
            item_id="normative-docs",
            kind="timeliness",
            status="late",
            period=None,
            severity="points 2",
            item_name="行政规范性文件",
            message="生成日期为2026年8月3日，发布日期为2026年9月15日，超过20个工作日",
            basis="《政府信息公开条例》第二十六条",
            evidence=[
                {
                    "label": "文件页",
                    "title": "关于规范校外培训的通知 & 解读",
                    "date": "2026-09-15",
                    "url": "https://www.qingxi.gov.cn/jyj/gfxwj/1.html",
                    "note": "生成日期2026年8月3日",
                }
            ],
        ),
    ]


@pytest.fixture(scope="module")
def notice() -> NoticeDocument:
    return NoticeDocument(
        number="青溪公开整改〔2026〕7号",
        issuer="青溪县人民政府办公室",
        recipient="青溪县教育局",
        region="青溪县",
        issue_date=date(2026, 11, 27),
        deadline=date(2026, 12, 4),
        deadline_workdays=5,
        problems=problems(),
        contact="县政府办公室政务公开科，0571-12345678",
    )


@pytest.fixture(scope="module")
def docx_file(notice, tmp_path_factory) -> DocxDocument:
    path = write_notice_docx(notice, tmp_path_factory.mktemp("docx") / "notice.docx")
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def pdf_path(notice, tmp_path_factory) -> Path:
    return write_notice_pdf(notice, tmp_path_factory.mktemp("pdf") / "notice.pdf")


def tool(name: str) -> str:
    """A poppler-utils binary; missing means a broken test machine, never a skip."""
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found: install the Debian package poppler-utils (.ci/run does)")
    return found


def run_tool(name: str, *args: str | Path) -> str:
    done = subprocess.run([tool(name), *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


def paragraph(document, text: str):
    matches = [p for p in document.paragraphs if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def east_asian_font(run) -> str | None:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_chinese_date_and_numbers():
    assert chinese_date(date(2026, 11, 27)) == "2026年11月27日"
    assert [chinese_number(n) for n in (1, 10, 12, 20, 23)] == [
        "一",
        "十",
        "十二",
        "二十",
        "二十三",
    ]


def test_docx_page_is_a4_with_official_margins(docx_file):
    section = docx_file.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin]
    measured += [section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]


def test_docx_title_in_xiaobiaosong_22pt(docx_file, notice):
    title = paragraph(docx_file, notice.title)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs and all(run.font.size.pt == 22 for run in title.runs)
    assert {east_asian_font(run) for run in title.runs} == {"方正小标宋简体"}


def test_docx_number_centred_above_title(docx_file, notice):
    texts = [p.text for p in docx_file.paragraphs]
    assert texts.index(notice.number) < texts.index(notice.title)
    assert paragraph(docx_file, notice.number).alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_body_in_fangsong_16pt_with_indent(docx_file):
    body = [p for p in docx_file.paragraphs if p.text.startswith("根据《中华人民共和国")][0]
    assert {(run.font.size.pt, east_asian_font(run)) for run in body.runs} == {(16, "仿宋_GB2312")}
    assert body.paragraph_format.first_line_indent.pt == 32
    assert 28 <= body.paragraph_format.line_spacing.pt <= 29
    assert paragraph(docx_file, "青溪县教育局：").paragraph_format.first_line_indent is None


def test_docx_headings_and_evidence(docx_file):
    assert {east_asian_font(r) for r in paragraph(docx_file, "一、存在的问题").runs} == {"黑体"}
    heading = paragraph(docx_file, "（二）工作动态：栏目不更新")
    assert {east_asian_font(r) for r in heading.runs} == {"楷体_GB2312"}
    text = "\n".join(p.text for p in docx_file.paragraphs)
    assert f"1. 最新信息：“{SCRIPT_TITLE}”，2026年10月9日，http://www.qingxi.gov.cn/" in text
    assert "检查依据：《政府信息公开条例》第二十六条。" in text
    assert "整改要求：立即更新该栏目内容，建立栏目常态化更新机制，确保按规定频次更新。" in text
    assert paragraph(docx_file, "（一）政府信息公开工作年度报告（2025年度）：未按时公开")


def test_docx_states_deadline_and_signs_off(docx_file):
    text = "\n".join(p.text for p in docx_file.paragraphs)
    assert DEADLINE_SENTENCE in text
    for sign_off in ("青溪县人民政府办公室", "2026年11月27日"):
        assert paragraph(docx_file, sign_off).alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_docx_footer_has_page_number_field(docx_file):
    footer = docx_file.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml


def test_pdf_embeds_cjk_fonts(pdf_path):
    rows = run_tool("pdffonts", pdf_path).splitlines()[2:]
    assert rows, "the PDF uses no fonts"
    embedded = [re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row) for row in rows]
    assert all(m and m.group(1) == "yes" for m in embedded), rows
    assert any(re.search(r"CJK|Han|Song|Hei|Kai|Fang|wqy", row, re.IGNORECASE) for row in rows)


def test_pdf_text_maps_back_to_chinese(pdf_path, notice):
    text = re.sub(r"\s+", "", run_tool("pdftotext", "-enc", "UTF-8", pdf_path, "-"))
    for expected in (notice.title, notice.number, notice.recipient + "：", DEADLINE_SENTENCE):
        assert expected in text
    assert "\ufffd" not in text


def test_pdf_is_a4(pdf_path):
    assert "595.276 x 841.89 pts (A4)" in run_tool("pdfinfo", pdf_path)


def test_pdf_page_one_shows_the_title(pdf_path, tmp_path):
    run_tool(
        "pdftoppm",
        "-png",
        "-r",
        "60",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdf_path,
        tmp_path / "page",
    )
    page = Image.open(tmp_path / "page.png").convert("L")
    assert dark_fraction(page, top_mm=0, bottom_mm=35) == 0  # the top margin stays blank
    assert dark_fraction(page, top_mm=55, bottom_mm=72) > 0.02  # title band: glyphs, not blank


def dark_fraction(page: Image.Image, top_mm: float, bottom_mm: float) -> float:
    """Share of dark pixels in a horizontal band of the text block (28 mm to 184 mm)."""
    px_per_mm = page.width / 210
    box = [round(v * px_per_mm) for v in (28, top_mm, 184, bottom_mm)]
    histogram = page.crop(box).histogram()
    return sum(histogram[:128]) / sum(histogram)


def test_pdf_without_cjk_font_raises_render_error(notice, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "fontconfig_cjk_fonts", lambda: [])
    monkeypatch.setattr(pdf, "scanned_cjk_fonts", lambda: [])
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        write_notice_pdf(notice, tmp_path / "notice.pdf")
    assert not (tmp_path / "notice.pdf").exists()


def test_html_escapes_crawled_titles(notice):
    html = render_notice_html(notice)
    assert "<script" not in html
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;教育局召开R&amp;D会议”" in html
    assert "通知 &amp; 解读" in html


def test_html_links_only_http_urls(notice):
    html = render_notice_html(notice)
    assert '<a href="https://www.qingxi.gov.cn/jyj/gfxwj/1.html">' in html
    assert 'href="javascript:' not in html
    assert "栏目页：javascript:alert(1)" in html


def test_html_carries_the_whole_notice(notice):
    html = render_notice_html(notice)
    for expected in (
        notice.number,
        notice.title,
        "青溪县教育局：",
        DEADLINE_SENTENCE,
        "2026年11月27日",
    ):
        assert expected in html


def test_renders_share_one_font_configuration(notice, tmp_path, monkeypatch):
    """A FontConfiguration per render grows a long-lived process ~35 MB a render (figures:
    bench/render_memory.py); every PDF of the process must get the same one."""
    from weasyprint import HTML

    seen = []
    real_write_pdf = HTML.write_pdf

    def recording_write_pdf(self, target=None, **options):
        seen.append(options.get("font_config"))
        return real_write_pdf(self, target, **options)

    monkeypatch.setattr(HTML, "write_pdf", recording_write_pdf)
    for name in ("a.pdf", "b.pdf"):
        write_notice_pdf(notice, tmp_path / name)
    assert len(seen) == 2 and seen[0] is not None
    assert seen[0] is seen[1]
