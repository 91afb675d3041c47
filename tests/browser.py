"""A real browser on a real server: Debian's headless Chromium driven by Selenium, and the
dashboard served by waitress on 127.0.0.1 in a thread. Used by `test_browser.py` and
`bench/screenshots.py`."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import waitress
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from monitor.passwords import hash_password
from monitor.store import Store
from monitor.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Without the background-networking flags Chromium reaches for Google's services, and on a
# closed network that costs refused connections and stalls.
CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--disable-extensions", "--lang=zh-CN",
    "--hide-scrollbars",  # as on a phone: the layout keeps the window's whole width
)  # fmt: skip
DESKTOP = (1366, 900)
PHONE = (390, 844)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} not found: install the Debian package {package}"
    return None


def chromium(profile: Path, size: tuple[int, int] = DESKTOP) -> WebDriver:
    """Headless Chromium with a fresh profile in `profile`."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


@contextmanager
def served(config_path: Path) -> Iterator[str]:
    """The dashboard of this config on a free 127.0.0.1 port; yields its base URL."""
    server = waitress.create_server(create_app(config_path), host="127.0.0.1", port=0,
                                    threads=4, clear_untrusted_proxy_headers=True)  # fmt: skip
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def copy_folder(source: Path, target: Path) -> Path:
    """A copy of a demo folder to write in (users, replies), its lock files left behind.

    The store names its notices' and reports' files by absolute path: the copy's are made to
    name the copied files (the dashboard serves files from its own folders only)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock", "mail"))
    old, new = str(source.resolve()), str(target.resolve())
    with sqlite3.connect(target / "zwgk.db") as db:
        db.execute(
            "update notices set files = replace(files, ?, ?)", [json_text(old), json_text(new)]
        )
        db.execute("update reports set path = replace(path, ?, ?)", [old, new])
    db.close()
    return target


def json_text(text: str) -> str:
    """`text` as it appears inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def add_users(database: Path, users: dict[str, tuple[str, str, str | None]], password: str) -> None:
    """Accounts by username: (name, role, agency id), all with one password."""
    store = Store(database)
    try:
        hashed = hash_password(password)
        for username, (name, role, agency_id) in users.items():
            store.add_user(username, name, role, agency_id, hashed)
    finally:
        store.close()


def wait_for(driver: WebDriver, css: str, timeout: float = 15):
    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def log_in(driver: WebDriver, base: str, username: str, password: str) -> None:
    """Fill and send the login form; waits for the next page (or the form again, refused)."""
    driver.get(f"{base}/login")
    submit_login(driver, username, password)


@contextmanager
def next_page(driver: WebDriver, timeout: float = 15) -> Iterator[None]:
    """Wait, after the block (a click, a submit), until a new page has loaded: the old
    window's marker is gone. (Selenium's `staleness_of` can fail on Chromium with
    "Node … does not belong to the document" while the old page is torn down.)"""
    driver.execute_script("window.__zwgkOldPage = true;")
    yield
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "return !window.__zwgkOldPage && document.readyState === 'complete';"))  # fmt: skip


def submit_login(driver: WebDriver, username: str, password: str) -> None:
    field = wait_for(driver, "form input[name=username]")
    field.clear()
    field.send_keys(username)
    with next_page(driver):
        driver.find_element(By.CSS_SELECTOR, "form input[name=password]").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form input[name=password]").submit()


def log_out(driver: WebDriver) -> None:
    with next_page(driver):
        driver.find_element(By.CSS_SELECTOR, "form.who button").click()


def body_text(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def full_page_png(driver: WebDriver, path: Path, width: int, height: int) -> None:
    """A screenshot of the whole page: the window grown to the document's height first (the
    window is taller than its viewport by the browser's own bars)."""
    driver.set_window_size(width, height)
    bars = height - driver.execute_script("return window.innerHeight")
    driver.set_window_size(width, height + bars)  # the viewport itself is width × height
    for _ in range(3):  # a taller window can reflow the page: until its height holds
        document = int(driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
        ))  # fmt: skip
        if driver.execute_script("return window.innerHeight") >= document:
            break
        driver.set_window_size(width, document + bars)
    driver.save_screenshot(str(path))
    driver.set_window_size(width, height)
