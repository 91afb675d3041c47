"""Who may see and do what: a department sees its own agency only (404 for the rest, however
the id is guessed), viewers only read, every change needs the session's CSRF token."""

from __future__ import annotations

import pytest
from test_web_pages import (  # noqa: F401
    JYJ,
    MZJ,
    PASSWORD,
    agency_links,
    app,
    as_user,
    csrf_of,
    finding_ids,
    site,
)

from monitor.passwords import hash_password
from monitor.replies import save_attachment
from monitor.store import Store

PDF = b"%PDF-1.4\n% a scanned letter\n"


@pytest.fixture
def mzj_reply(site):  # noqa: F811
    """An 整改回复 of 民政局 with an attachment."""
    config, _ = site
    store = Store(config.database)
    attachment = save_attachment(config, "qx-mzj", "整改材料.pdf", PDF)
    reply = store.add_reply("reply", MZJ, "qx-mzj", "mzj", "已更新首页", attachment=attachment)
    store.close()
    return reply.id


def other_agency_paths(site, reply_id: int) -> list[str]:  # noqa: F811
    notice = site[1]["qx-mzj"]
    return ["/agencies/qx-mzj", "/agencies/qx-mzj.json", f"/findings/{MZJ}",
            "/findings?agency=qx-mzj", "/findings.json?agency=qx-mzj", f"/notices/{notice}",
            f"/notices/{notice}/docx", f"/notices/{notice}/html",
            f"/replies/{reply_id}/attachment"]  # fmt: skip


def test_a_department_gets_404_for_everything_of_another_agency(as_user, site, mzj_reply):  # noqa: F811
    client = as_user("jyj")
    for path in other_agency_paths(site, mzj_reply):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "民政" not in response.text, path
    own = as_user("mzj")
    for path in other_agency_paths(site, mzj_reply):
        assert own.get(path).status_code == 200, path


def test_a_departments_lists_and_json_hold_none_of_another_agencys_rows(as_user, site):  # noqa: F811
    client = as_user("jyj")
    rows = client.get("/findings.json?state=all").get_json()
    assert {row["agency_id"] for row in rows["findings"]} == {"qx-jyj"} and rows["total"] == 1
    assert finding_ids(client.get("/findings?state=all").text) == {JYJ}
    notices = client.get("/notices").text
    assert "青溪公开整改〔2026〕1号" in notices and "青溪公开整改〔2026〕2号" not in notices
    assert "青溪县民政局" not in client.get("/").text


def test_a_department_cannot_open_pages_about_every_agency(as_user):  # noqa: F811
    client = as_user("jyj")
    for path in ("/reports", "/reports/1/html", "/reports/1/xlsx", "/runs", "/runs/1"):
        assert client.get(path).status_code == 403, path


def action_posts(site, reply_id: int) -> list[tuple[str, dict]]:  # noqa: F811
    notice = site[1]["qx-jyj"]
    return [(f"/findings/{JYJ}/waive", {"reason": "理由"}),
            (f"/notices/{notice}/withdraw", {"reason": "理由"}),
            (f"/replies/{reply_id}/decide", {"reason": "理由", "decision": "reject"}),
            (f"/findings/{JYJ}/reply", {"body": "已整改"}),
            (f"/findings/{JYJ}/appeal", {"reason": "误报"}),
            ("/runs/now", {})]  # fmt: skip


def test_a_viewer_only_reads(app, as_user, site, mzj_reply):  # noqa: F811
    app.config["RUN_NOW"] = lambda: pytest.fail("a viewer queued a run")
    client = as_user("view")
    token = csrf_of(client.get("/").text)
    for path, data in action_posts(site, mzj_reply):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403, path
    page = client.get(f"/findings/{JYJ}").text
    assert "<textarea" not in page and "立即复查" not in page


def test_each_role_has_only_its_own_actions(as_user, site, mzj_reply):  # noqa: F811
    supervisor = as_user("sup")
    token = csrf_of(supervisor.get("/").text)
    for path in (f"/findings/{JYJ}/reply", f"/findings/{JYJ}/appeal"):
        assert supervisor.post(path, data={"body": "x", "reason": "x",
                                           "csrf_token": token}).status_code == 403  # fmt: skip
    department = as_user("jyj")
    token = csrf_of(department.get("/").text)
    assert department.post(f"/findings/{JYJ}/waive", data={"reason": "自己豁免",
                                                           "csrf_token": token}).status_code == 403  # fmt: skip
    assert department.post(f"/findings/{MZJ}/reply", data={"body": "替别人回复",
                                                           "csrf_token": token}).status_code == 404  # fmt: skip


def test_a_post_without_its_csrf_token_is_refused(as_user, site, mzj_reply):  # noqa: F811
    supervisor = as_user("sup")
    for path, data in action_posts(site, mzj_reply):
        response = supervisor.post(path, data=data)
        assert response.status_code == 403, path
        assert "CSRF" in response.text
    forged = supervisor.post(f"/findings/{JYJ}/waive", data={"reason": "x", "csrf_token": "forged"})
    assert forged.status_code == 403
    assert "已豁免" not in supervisor.get(f"/findings/{JYJ}").text
    department = as_user("jyj")
    assert department.post(f"/findings/{JYJ}/reply", data={"body": "已整改"}).status_code == 403


def test_an_attachment_downloads_as_a_file_of_its_checked_type(as_user, mzj_reply):  # noqa: F811
    for username in ("mzj", "sup", "view"):
        response = as_user(username).get(f"/replies/{mzj_reply}/attachment")
        assert response.status_code == 200 and response.data == PDF
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_department_account_without_an_agency_sees_nothing(site, as_user):  # noqa: F811
    store = Store(site[0].database)
    store.add_user("lost", "无单位", "department", None, hash_password(PASSWORD))
    store.close()
    client = as_user("lost")
    assert client.get("/findings.json?state=all").get_json()["total"] == 0
    assert "青溪公开整改" not in client.get("/notices").text
    assert agency_links(client.get("/").text) == set()
