"""Dashboard accounts: scrypt passwords, sessions that expire, the login throttle, CSRF,
and no redirect off the site after login."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from builders import two_agency_config

from monitor.passwords import hash_password, password_problem, verify_password
from monitor.store import Store
from monitor.web.app import create_app

PASSWORD = "correct-horse"


class Clock:
    def __init__(self):
        self.moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(tmp_path, clock):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    store.add_user("sup", "王监督", "supervisor", None, hash_password(PASSWORD))
    store.add_user("jyj", "教育局", "department", "qx-jyj", hash_password(PASSWORD))
    store.close()
    return create_app(None, now=clock, config=config)


def login(client, username="sup", password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login", data=data)


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_passwords_are_salted_scrypt_hashes():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$") and first != second and PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password("wrong-horse", first)
    assert not verify_password(PASSWORD, "not a hash")
    assert password_problem("short") and password_problem(PASSWORD) is None


def test_every_page_but_login_needs_a_session(app):
    client = app.test_client()
    response = client.get("/findings?agency=qx-jyj")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/findings")
    assert client.get("/agencies/qx-jyj.json").status_code == 401
    assert client.get("/login").status_code == 200


def test_login_opens_the_page_asked_for_but_never_another_site(app):
    client = app.test_client()
    assert login(client, next_url="/findings").headers["Location"] == "/findings"
    for hostile in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        assert login(app.test_client(), next_url=hostile).headers["Location"] == "/"


def test_wrong_password_is_refused_and_the_cookie_is_http_only(app):
    client = app.test_client()
    assert login(client, password="wrong-horse").status_code == 401
    response = login(client)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code == 200


def test_a_session_expires(app, clock):
    client = app.test_client()
    login(client)
    clock.moment += timedelta(hours=7, minutes=59)
    assert client.get("/").status_code == 200
    clock.moment += timedelta(minutes=2)
    assert client.get("/").status_code == 302


def test_five_wrong_passwords_lock_the_account_for_a_while(app, clock):
    client = app.test_client()
    for _ in range(5):
        assert login(client, password="wrong-horse").status_code == 401
    locked = login(client)  # even the right password
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    assert login(app.test_client(), username="jyj").status_code == 302  # other accounts
    clock.moment += timedelta(minutes=16)
    assert login(client).status_code == 302


def test_changes_need_the_sessions_csrf_token(app):
    client = app.test_client()
    login(client)
    token = csrf_of(client.get("/").text)
    assert client.post("/logout").status_code == 403
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302  # the session ended with the logout


def test_a_disabled_account_or_new_password_ends_its_sessions(app, tmp_path):
    client = app.test_client()
    login(client, username="jyj")
    assert client.get("/").status_code == 200
    store = Store(tmp_path / "zwgk.db")
    store.update_user(store.user("jyj").id, {"disabled": 1})
    store.close()
    assert client.get("/").status_code == 302
    assert login(client, username="jyj").status_code == 401


def test_a_password_spray_from_one_address_is_throttled_too(app):
    client = app.test_client()
    for n in range(50):
        login(client, username=f"guess{n}", password="wrong-horse")
    assert login(client).status_code == 429
    other_address = app.test_client()
    assert login(other_address, username="jyj").status_code == 429  # both from 127.0.0.1
    assert other_address.post(
        "/login", data={"username": "jyj", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    ).status_code == 302  # fmt: skip
