"""A rectification notice as DOCX in official-document layout (GB/T 9704-2012).

The DOCX names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体): the
recipients' Word installations have them; the PDF renderer substitutes free fonts instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from reports import notice_text as text
from reports.notice_model import NoticeDocument, chinese_date
from reports.rendered import atomic_path
from rules.findings import Finding


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float  # points
    bold: bool = False


TITLE = TextStyle("方正小标宋简体", 22)  # 小标宋 2号
BODY = TextStyle("仿宋_GB2312", 16)  # 仿宋 3号
HEADING_1 = TextStyle("黑体", 16)  # 黑体 3号
HEADING_2 = TextStyle("楷体_GB2312", 16)  # 楷体 3号
PAGE_NUMBER = TextStyle("宋体", 14)  # 宋体 4号
LINE_PITCH = Pt(28.95)  # 22 lines on the 225 mm text block
CHAR = BODY.size  # one character of body text, in points
SEAL_SPACE = Pt(3 * 28.95)  # room above the signature for the seal (印章)


def write_notice_docx(doc: NoticeDocument, path: str | Path) -> Path:
    """Write the notice to `path` (atomically) and return the path."""
    document = docx.Document()
    set_page_layout(document)
    add_page_numbers(document)
    add_heading_block(document, doc)
    add_problems(document, doc.problems)
    add_deadline(document, doc)
    add_signature(document, doc)
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return Path(path)


def set_page_layout(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(21)  # the page number's top edge ~7 mm below the text block
    normal = document.styles["Normal"]
    apply_font(normal.font, normal.element.get_or_add_rPr(), BODY)


def apply_font(font, rpr, style: TextStyle) -> None:
    """Set the font for Latin and East Asian text alike (python-docx sets only the Latin)."""
    font.name = style.font
    font.size = Pt(style.size)
    font.bold = True if style.bold else None
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), style.font)


def add_run(paragraph: Paragraph, content: str, style: TextStyle):
    run = paragraph.add_run(content)
    apply_font(run.font, run._r.get_or_add_rPr(), style)
    return run


def add_paragraph(
    document: DocxDocument,
    content: str,
    style: TextStyle = BODY,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_chars: float = 2,
) -> Paragraph:
    """A paragraph on the fixed line pitch, first line indented by `indent_chars` characters."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(indent_chars * CHAR) if indent_chars else None
    fmt.keep_with_next = True if style in (HEADING_1, HEADING_2) else None
    paragraph.alignment = align
    add_run(paragraph, content, style)
    return paragraph


def add_heading_block(document: DocxDocument, doc: NoticeDocument) -> None:
    """发文字号, the title and the addressee (主送机关)."""
    add_paragraph(document, doc.number, BODY, WD_ALIGN_PARAGRAPH.CENTER, 0)
    add_paragraph(document, "", BODY, indent_chars=0)
    title = add_paragraph(document, doc.title, TITLE, WD_ALIGN_PARAGRAPH.CENTER, 0)
    title.paragraph_format.line_spacing = Pt(36)
    add_paragraph(document, "", BODY, indent_chars=0)
    add_paragraph(document, f"{doc.recipient}：", BODY, WD_ALIGN_PARAGRAPH.LEFT, 0)
    add_paragraph(document, text.opening(doc))


def add_problems(document: DocxDocument, problems: list[Finding]) -> None:
    add_paragraph(document, text.SECTION_PROBLEMS, HEADING_1)
    for index, problem in enumerate(problems, start=1):
        add_paragraph(document, text.problem_heading(index, problem), HEADING_2)
        add_paragraph(document, text.sentence(problem.message))
        add_paragraph(document, text.basis_line(problem))
        if problem.evidence:
            add_paragraph(document, "问题证据：")
        for number, item in enumerate(problem.evidence, start=1):
            line = text.evidence_line(number, item)
            add_paragraph(document, line, align=WD_ALIGN_PARAGRAPH.LEFT)  # URLs: no stretching
        add_paragraph(document, text.action_line(problem))


def add_deadline(document: DocxDocument, doc: NoticeDocument) -> None:
    add_paragraph(document, text.SECTION_DEADLINE, HEADING_1)
    add_paragraph(document, text.deadline_sentence(doc) + text.escalation_sentence(doc))
    add_paragraph(document, text.CLOSING).paragraph_format.keep_with_next = True


def add_signature(document: DocxDocument, doc: NoticeDocument) -> None:
    """发文机关署名 and 成文日期 right-aligned, with room above them for the seal."""
    issuer_indent, date_indent = text.signature_indents(doc)
    issuer = add_paragraph(document, doc.issuer, BODY, WD_ALIGN_PARAGRAPH.RIGHT, 0)
    issuer.paragraph_format.space_before = SEAL_SPACE
    issuer.paragraph_format.right_indent = Pt(issuer_indent * CHAR)
    issuer.paragraph_format.keep_with_next = True
    dated = add_paragraph(document, chinese_date(doc.issue_date), BODY, WD_ALIGN_PARAGRAPH.RIGHT, 0)
    dated.paragraph_format.right_indent = Pt(date_indent * CHAR)
    note = text.contact_note(doc)
    if note:
        add_paragraph(document, note)


def add_page_numbers(document: DocxDocument) -> None:
    """“— 1 —” in 宋体 4号: odd pages right, even pages left, one character from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    add_page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    add_page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def add_page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.right_indent = fmt.left_indent = Pt(PAGE_NUMBER.size)
    add_run(paragraph, "— ", PAGE_NUMBER)
    add_field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    add_run(paragraph, "", PAGE_NUMBER)._r.append(instruction)
    add_field_char(paragraph, "separate")
    add_run(paragraph, "1", PAGE_NUMBER)
    add_field_char(paragraph, "end")
    add_run(paragraph, " —", PAGE_NUMBER)


def add_field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    add_run(paragraph, "", PAGE_NUMBER)._r.append(char)
