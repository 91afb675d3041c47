"""Decoding pages in UTF-8 and the GB family, with right, missing and wrong declarations."""

from __future__ import annotations

import pytest

from crawler.encoding import declared_charset, decode_html, normalise

BODY = "<p>关于印发《青溪县政府信息公开工作年度报告》的通知，行政许可公示，政务公开办。</p>"
RARE = "𠮷"  # outside GBK: only GB18030 (four bytes) can encode it


def page(charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return f"<html><head>{meta if charset else ''}</head><body>{BODY}</body></html>"


@pytest.mark.parametrize("codec", ["gbk", "gb2312", "gb18030"])
def test_gb_bytes_with_a_right_declaration(codec):
    text, used = decode_html(page(codec).encode(codec))
    assert used == "gb18030"
    assert BODY in text


@pytest.mark.parametrize("codec", ["gbk", "gb2312"])
def test_gb_bytes_declared_utf8(codec):
    text, used = decode_html(page("utf-8").encode(codec), header_charset="utf-8")
    assert used == "gb18030"
    assert BODY in text


def test_gbk_bytes_served_as_latin1():
    text, used = decode_html(page("gbk").encode("gbk"), header_charset="ISO-8859-1")
    assert used == "gb18030"
    assert BODY in text


def test_utf8_bytes_declared_gb2312_in_meta_and_header():
    body = page("gb2312").encode("utf-8")
    for header in (None, "gbk", "GB2312"):
        text, used = decode_html(body, header_charset=header)
        assert used == "utf-8"
        assert BODY in text


@pytest.mark.parametrize("declared", ["gbk", "gb2312", None])
def test_gb18030_only_characters_under_a_gbk_label(declared):
    raw = page(declared).replace("</p>", f"{RARE}</p>")
    text, used = decode_html(raw.encode("gb18030"))
    assert used == "gb18030"
    assert RARE in text


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_no_declaration_at_all(codec):
    text, used = decode_html(page(None).encode(codec))
    assert BODY in text
    assert used == ("utf-8" if codec == "utf-8" else "gb18030")


def test_xml_declaration_of_a_dataproxy_answer():
    xml = f'<?xml version="1.0" encoding="gbk"?><datastore><record>{BODY}</record></datastore>'
    text, used = decode_html(xml.encode("gbk"))
    assert (used, BODY in text) == ("gb18030", True)


def test_bom_and_undecodable_bytes():
    assert decode_html(b"\xef\xbb\xbf" + BODY.encode("utf-8")) == (BODY, "utf-8-sig")
    text, _ = decode_html(BODY.encode("gbk") + b"\xff\xff")
    assert "政府信息公开" in text


def test_labels_and_sniffing():
    assert normalise("GB2312") == normalise("x-gbk") == normalise("cp936") == "gb18030"
    assert normalise("UTF8") == "utf-8"
    assert normalise("no-such-charset") is None
    assert declared_charset(b'<meta charset="gbk">') == "gbk"
    script = b"<script>if (document.charset == 'gb2312') {}</script>"
    assert declared_charset(script) is None


def test_corpus_gbk_copy_decodes_to_the_utf8_page(corpus):
    pages = corpus / "pages"
    text, used = decode_html((pages / "home_bjrbj.gbk.html").read_bytes())
    assert used == "gb18030"
    assert text == (pages / "home_bjrbj.html").read_text(encoding="utf-8")
    text, used = decode_html((pages / "home_bjrbj.gbk.html").read_bytes(), "utf-8")
    assert used == "gb18030" and "北京市人力资源和社会保障局" in text


def test_corpus_page_with_a_gb2312_string_in_script_is_utf8(corpus):
    raw = (corpus / "pages" / "home_alt.html").read_bytes()
    assert b"gb2312" in raw.lower()
    text, used = decode_html(raw, header_charset=None)
    assert used == "utf-8" and "阿勒泰" in text
