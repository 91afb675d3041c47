"""The rectification loop through the pages: a department's 整改回复 (with an attachment) and
申诉, a supervisor's decision, waiver and withdrawal — each with a reason, redirected back
with a confirmation, refused in Chinese with 400, and shown on the timeline with who."""

from __future__ import annotations

import io

from test_web_pages import ESCAPED, HOSTILE, JYJ, app, as_user, csrf_of, site  # noqa: F401

from monitor.store import Store

PDF = b"%PDF-1.4\n% the published list\n"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.pdf"


def post_form(client, path: str, data: dict, page: str | None = None):
    token = csrf_of(page or client.get("/").text)
    return client.post(path, data={**data, "csrf_token": token},
                       content_type="multipart/form-data")  # fmt: skip


def followed(client, response) -> str:
    assert response.status_code == 303, response.text
    return client.get(response.headers["Location"]).text


def stored_replies(config):
    store = Store(config.database)
    try:
        return store.replies(finding_id=JYJ), store.finding(JYJ)
    finally:
        store.close()


def test_a_reply_with_an_attachment_lands_and_shows_on_the_timeline_escaped(as_user, site):  # noqa: F811
    config, notices = site
    client = as_user("jyj")
    page = client.get(f"/findings/{JYJ}").text
    assert 'enctype="multipart/form-data"' in page and "提交整改回复" in page
    response = post_form(client, f"/findings/{JYJ}/reply", {
        "body": f"已补发 {HOSTILE}", "url": "https://www.qx.gov.cn/news/1.html",
        "attachment": (io.BytesIO(PDF), HOSTILE_NAME)}, page)  # fmt: skip
    shown = followed(client, response)
    assert "整改回复已提交" in shown and "提交整改回复" in shown and "待复查" in shown
    assert ESCAPED in shown and "<script>" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in shown and "<img" not in shown
    assert 'href="https://www.qx.gov.cn/news/1.html"' in shown
    (reply,), finding = stored_replies(config)
    assert reply.attachment.type == "pdf" and reply.notice_id == notices["qx-jyj"]
    assert finding.state == "new"  # a reply never resolves a finding by itself
    download = client.get(f"/replies/{reply.id}/attachment")
    assert download.data == PDF and HOSTILE_NAME not in download.headers["Content-Disposition"]
    notice_page = as_user("sup").get(f"/notices/{notices['qx-jyj']}").text
    assert "整改回复" in notice_page and ESCAPED in notice_page and "<img" not in notice_page


def test_a_refused_reply_says_why_in_chinese_and_keeps_what_was_typed(as_user, site):  # noqa: F811
    client = as_user("jyj")
    cases = [({"body": ""}, "请填写整改情况"),
             ({"body": "已整改", "attachment": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")}, "附件类型不支持"),
             ({"body": "已整改", "attachment": (io.BytesIO(b"MZ\x90\x00"), "fake.pdf")}, "附件内容不是"),
             ({"body": "已整改", "url": "javascript:alert(1)"}, "发布地址应为")]  # fmt: skip
    for data, message in cases:
        response = post_form(client, f"/findings/{JYJ}/reply", data)
        assert response.status_code == 400 and message in response.text, message
    assert ">已整改</textarea>" in response.text
    assert stored_replies(site[0])[0] == []
    assert not (site[0].dashboard.attachments_dir / "qx-jyj").exists() or not any(
        (site[0].dashboard.attachments_dir / "qx-jyj").iterdir())  # fmt: skip


def test_an_appeal_is_rejected_or_accepted_by_a_supervisor_with_a_reason(as_user, site):  # noqa: F811
    department, supervisor = as_user("jyj"), as_user("sup")
    assert post_form(department, f"/findings/{JYJ}/appeal", {"reason": ""}).status_code == 400
    shown = followed(department, post_form(department, f"/findings/{JYJ}/appeal",
                                           {"reason": "该栏目已停用"}))  # fmt: skip
    assert "申诉已提交" in shown and "待审核" in shown
    (appeal,), _ = stored_replies(site[0])
    decide = f"/replies/{appeal.id}/decide"
    refused = post_form(supervisor, decide, {"decision": "reject", "reason": " "})
    assert refused.status_code == 400 and "请填写处理理由" in refused.text
    shown = followed(supervisor, post_form(supervisor, decide,
                                           {"decision": "reject", "reason": "栏目仍在首页导航中"}))  # fmt: skip
    assert "已驳回申诉" in shown and "申诉驳回" in shown and "栏目仍在首页导航中" in shown
    assert (
        post_form(supervisor, decide, {"decision": "accept", "reason": "再议"}).status_code == 400
    )
    followed(department, post_form(department, f"/findings/{JYJ}/appeal", {"reason": "已下线"}))
    second = stored_replies(site[0])[0][-1]
    shown = followed(supervisor, post_form(supervisor, f"/replies/{second.id}/decide",
                                           {"decision": "accept", "reason": "栏目确已下线"}))  # fmt: skip
    assert "申诉成立" in shown and "认定为误报" in shown and "已豁免" in shown
    assert stored_replies(site[0])[1].waiver.kind == "false_positive"


def timeline_of(page: str) -> str:
    return page.split("处理过程")[1]


def test_waiving_needs_a_reason_and_shows_on_the_timeline_with_who(as_user, site):  # noqa: F811
    supervisor = as_user("sup")
    path = f"/findings/{JYJ}/waive"
    missing = post_form(supervisor, path, {"reason": ""})
    assert missing.status_code == 400 and "豁免须填写理由" in missing.text
    past = post_form(supervisor, path, {"reason": "系统调整", "until": "2026-01-01"})
    assert past.status_code == 400 and "不能早于今天" in past.text
    assert post_form(supervisor, path, {"reason": "x", "until": "明天"}).status_code == 400
    shown = followed(supervisor, post_form(supervisor, path,
                                           {"reason": "网站改版期间", "until": "2027-01-31"}))  # fmt: skip
    assert "已豁免该问题" in shown
    timeline = timeline_of(shown)
    assert "豁免（至2027-01-31）" in timeline and "sup" in timeline and "网站改版期间" in timeline
    assert stored_replies(site[0])[1].state == "waived"


def test_withdrawing_a_notice_needs_a_reason_and_shows_who(as_user, site):  # noqa: F811
    supervisor = as_user("sup")
    notice = site[1]["qx-jyj"]
    path = f"/notices/{notice}/withdraw"
    missing = post_form(supervisor, path, {"reason": ""})
    assert missing.status_code == 400 and "撤回整改通知书须填写理由" in missing.text
    shown = followed(supervisor, post_form(supervisor, path, {"reason": f"误发 {HOSTILE}"}))
    assert "已撤回整改通知书" in shown and "已撤回" in shown
    timeline = timeline_of(shown)
    assert "整改通知书已撤回" in timeline and "sup" in timeline and ESCAPED in timeline
    assert "整改通知书已撤回" in timeline_of(supervisor.get(f"/findings/{JYJ}").text)
    again = post_form(supervisor, path, {"reason": "再撤一次"})
    assert again.status_code == 400 and "不在整改中" in again.text


def test_an_upload_over_the_limit_is_refused_in_chinese(app, as_user):  # noqa: F811
    client = as_user("jyj")
    app.config["MAX_CONTENT_LENGTH"] = 4096
    big = (io.BytesIO(b"%PDF-1.4\n" + b"0" * 8192), "big.pdf")
    response = post_form(client, f"/findings/{JYJ}/reply", {"body": "已整改", "attachment": big})
    assert response.status_code == 413 and "附件超过了大小限制" in response.text
