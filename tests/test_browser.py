"""The dashboard in a real browser: headless Chromium (Debian's, through its chromedriver)
against the app served by waitress on 127.0.0.1, on a real SQLite store.

The login tests run on a two-agency store; the role tests on a copy of the demo county after
its cycle (`demo_folder`), with a supervisor and a department account added.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import (
    add_users,
    body_text,
    chromium,
    copy_folder,
    log_in,
    log_out,
    missing_browser,
    next_page,
    served,
    submit_login,
)
from selenium.webdriver.common.by import By

from monitor.config import load_config
from monitor.store import Store

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=missing_browser() or "")

PASSWORD = "correct-horse"
CONFIG = """\
region: 青溪县
database: zwgk.db
agencies:
  - {id: qx-jyj, name: 青溪县教育局, kind: department, catalog: department}
  - {id: qx-mzj, name: 青溪县民政局, kind: department, catalog: department}
"""
WRONG = "用户名或密码错误"
LOCKED = "登录失败次数过多"


def signed_in_as(driver) -> str:
    """The name the header shows beside 退出 (empty when no one is logged in)."""
    found = driver.find_elements(By.CSS_SELECTOR, "form.who span")
    return found[0].text if found else ""


@pytest.fixture
def driver(tmp_path):
    browser = chromium(tmp_path / "profile")
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """Two agencies, no crawl: enough for logging in."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "zwgk.yaml").write_text(CONFIG, encoding="utf-8")
    add_users(folder / "zwgk.db", {"sup": ("王监督", "supervisor", None),
                                   "lockme": ("李四", "viewer", None),
                                   "jyj": ("青溪县教育局", "department", "qx-jyj")},
              PASSWORD)  # fmt: skip
    with served(folder / "zwgk.yaml") as base:
        yield base


def test_a_user_logs_in_and_out(driver, small_site):
    log_in(driver, small_site, "sup", PASSWORD)
    assert driver.current_url == f"{small_site}/"
    assert signed_in_as(driver).startswith("王监督（监督人员")
    log_out(driver)
    driver.get(f"{small_site}/")
    assert driver.current_url.startswith(f"{small_site}/login")


def test_a_wrong_password_five_times_locks_the_account_out(driver, small_site):
    driver.get(f"{small_site}/login")
    for _ in range(5):
        submit_login(driver, "lockme", "wrong-horse")
        assert WRONG in body_text(driver)
    submit_login(driver, "lockme", PASSWORD)  # the right one, too late
    assert LOCKED in body_text(driver) and "分钟后再试" in body_text(driver)
    assert driver.current_url.startswith(f"{small_site}/login")
    driver.get(f"{small_site}/")
    assert driver.current_url.startswith(f"{small_site}/login")
    log_in(driver, small_site, "jyj", PASSWORD)  # another account from the same address
    assert signed_in_as(driver).startswith("青溪县教育局（部门")


def test_a_form_posted_without_its_csrf_token_is_refused(driver, small_site):
    log_in(driver, small_site, "sup", PASSWORD)
    with next_page(driver):
        driver.execute_script(
            "const form = document.querySelector('form.who');"
            "form.querySelector('input[name=csrf_token]').remove(); form.submit();"
        )
    assert "CSRF" in body_text(driver) and "403" in driver.title + body_text(driver)
    driver.get(f"{small_site}/")  # refused, so the user is still logged in
    assert signed_in_as(driver).startswith("王监督（监督人员")


def test_a_form_posted_with_another_sessions_token_is_refused(driver, small_site, tmp_path):
    log_in(driver, small_site, "sup", PASSWORD)
    other = chromium(tmp_path / "other")
    try:
        log_in(other, small_site, "jyj", PASSWORD)
        token = other.find_element(By.CSS_SELECTOR, "form.who input[name=csrf_token]")
        foreign = token.get_attribute("value")
    finally:
        other.quit()
    with next_page(driver):
        driver.execute_script(
            "const form = document.querySelector('form.who');"
            "form.querySelector('input[name=csrf_token]').value = arguments[0]; form.submit();",
            foreign,
        )
    assert "CSRF" in body_text(driver)


# --- the demo county, as a supervisor and as a department -------------------------------

OWN, OTHER = "qx-jyj", "qx-mzj"
REPLY = "已在「工作动态」栏目补发本月信息，并安排专人每周更新。"


@pytest.fixture(scope="module")
def county(demo_folder, tmp_path_factory):
    """The demo county after its cycle, served, with a supervisor and 教育局's account."""
    folder = copy_folder(demo_folder, tmp_path_factory.mktemp("county") / "site")
    add_users(folder / "zwgk.db", {"sup": ("王监督", "supervisor", None),
                                   "jyj": ("教育局联络员", "department", OWN)}, PASSWORD)  # fmt: skip
    with served(folder / "zwgk.yaml") as base:
        yield base, folder


def agency_links(driver, base: str) -> set[str]:
    """The agencies the page links to (`/agencies/<id>`)."""
    found = set()
    for anchor in driver.find_elements(By.CSS_SELECTOR, "main a[href]"):
        path = (anchor.get_attribute("href") or "").removeprefix(base)
        if match := re.fullmatch(r"/agencies/([^/.?]+)", path):
            found.add(match.group(1))
    return found


def session_get(driver, url: str) -> tuple[int, bytes]:
    """GET with the browser's session cookie: the status the browser would get, and the body."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def county_facts(folder: Path):
    """Agency names by id; each agency's active findings and notices, from the store."""
    names = {agency.id: agency.name for agency in load_config(folder / "zwgk.yaml").agencies}
    store = Store(folder / "zwgk.db")
    try:
        findings = {a: store.findings(states=("new", "open", "reopened"), agency_id=a)
                    for a in (OWN, OTHER)}  # fmt: skip
        notices = {a: store.notices(agency_id=a) for a in (OWN, OTHER)}
    finally:
        store.close()
    return names, findings, notices


@pytest.mark.e2e
def test_a_supervisor_sees_every_agency(driver, county):
    base, folder = county
    names, _, notices = county_facts(folder)
    log_in(driver, base, "sup", PASSWORD)
    assert agency_links(driver, base) == set(names)
    text = body_text(driver)
    assert all(name in text for name in names.values())
    driver.get(f"{base}/agencies/{OTHER}")
    assert names[OTHER] in driver.find_element(By.TAG_NAME, "h1").text
    status, body = session_get(driver, f"{base}/notices/{notices[OTHER][0].id}/docx")
    assert status == 200 and body[:2] == b"PK"  # a real .docx (a zip)


@pytest.mark.e2e
def test_a_department_sees_only_its_own_agency(driver, county):
    base, folder = county
    names, findings, _ = county_facts(folder)
    log_in(driver, base, "jyj", PASSWORD)
    assert agency_links(driver, base) == {OWN}
    text = body_text(driver)
    assert names[OWN] in text
    assert not [name for a, name in names.items() if a != OWN and name in text]
    driver.get(f"{base}/findings")
    listed = {a.get_attribute("href").removeprefix(base) for a in
              driver.find_elements(By.CSS_SELECTOR, "main a[href*='/findings/']")}  # fmt: skip
    assert listed == {f"/findings/{f.id}" for f in findings[OWN]}


@pytest.mark.e2e
def test_a_department_replies_and_sees_its_reply_on_the_timeline(driver, county):
    base, folder = county
    _, findings, _ = county_facts(folder)
    finding = findings[OWN][0]
    log_in(driver, base, "jyj", PASSWORD)
    driver.get(f"{base}/findings/{finding.id}")
    form = driver.find_element(By.CSS_SELECTOR, "form[action$='/reply']")
    form.find_element(By.NAME, "body").send_keys(REPLY)
    form.find_element(By.NAME, "url").send_keys("https://www.qingxi.gov.cn/jyj/news/2026-11.html")
    with next_page(driver):
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert driver.current_url.startswith(f"{base}/findings/{finding.id}")
    assert "整改回复已提交" in driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    events = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.timeline li")]
    assert [e for e in events if "提交整改回复" in e
            and "jyj" in e and REPLY in e], events  # fmt: skip
    store = Store(folder / "zwgk.db")
    try:
        [reply] = store.replies(finding_id=finding.id)
        assert (reply.kind, reply.username, reply.body, reply.state) == ("reply", "jyj", REPLY,
                                                                          "submitted")  # fmt: skip
        assert store.finding(finding.id).state == finding.state  # a reply resolves nothing
    finally:
        store.close()


@pytest.mark.e2e
def test_a_department_gets_404_for_another_agencys_pages_files_and_rows(driver, county):
    base, folder = county
    names, findings, notices = county_facts(folder)
    log_in(driver, base, "jyj", PASSWORD)
    driver.get(f"{base}/agencies/{OTHER}")
    assert "404" in body_text(driver) and names[OTHER] not in body_text(driver)
    other_notice, other_finding = notices[OTHER][0].id, findings[OTHER][0].id
    for path in (f"/agencies/{OTHER}", f"/agencies/{OTHER}.json", f"/findings/{other_finding}",
                 f"/notices/{other_notice}", f"/notices/{other_notice}/docx",
                 f"/notices/{other_notice}/pdf", f"/findings.json?agency={OTHER}"):  # fmt: skip
        status, body = session_get(driver, base + path)
        assert status in (403, 404), (path, status)
        assert names[OTHER].encode() not in body, path
    status, body = session_get(driver, f"{base}/notices/{notices[OWN][0].id}/docx")
    assert status == 200 and body[:2] == b"PK"  # its own notice downloads
    status, body = session_get(driver, f"{base}/findings.json?state=all")
    rows = json.loads(body)["findings"]
    assert status == 200 and rows and {row["agency_id"] for row in rows} == {OWN}
