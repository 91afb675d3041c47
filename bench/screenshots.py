"""Screenshots of every dashboard page, as a supervisor and as a department, on a desktop
(1366×900) and a phone (390×844) width, each the page's full height.

    .venv/bin/python bench/screenshots.py [DEMO_FOLDER] [--out DIR]

DEMO_FOLDER is a folder after `zwgk demo` (its zwgk.yaml and zwgk.db); without one, the demo
runs into a temporary folder first. The folder is copied (accounts are added to the copy),
served by waitress on 127.0.0.1 and opened in Debian's headless Chromium. The detail pages
shot are the first of each kind the list pages link to. Prints the PNGs' paths.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import (  # noqa: E402
    DESKTOP,
    PHONE,
    add_users,
    chromium,
    copy_folder,
    full_page_png,
    log_in,
    missing_browser,
    served,
    wait_for,
)
from selenium.webdriver.common.by import By  # noqa: E402

from monitor.config import load_config  # noqa: E402

PASSWORD = "screenshot-pass"
DEMO_DAY = "2026-11-27"
LIST_PAGES = {"overview": "/", "findings": "/findings", "notices": "/notices",
              "reports": "/reports", "runs": "/runs"}  # fmt: skip
# a detail page: the first link on a list page whose path matches
DETAILS = {
    "agency": ("/", r"^/agencies/[^/.]+$"),
    "finding": ("/findings", r"^/findings/[^/.]+$"),
    "notice": ("/notices", r"^/notices/\d+$"),
    "run": ("/runs", r"^/runs/[^/.]+$"),
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def demo_folder(given: str | None, tmp: Path) -> Path:
    if given:
        return Path(given)
    out = tmp / "demo"
    print(f"running zwgk demo into {out} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "monitor.cli", "demo", "--out", str(out),
                    "--as-of", DEMO_DAY], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return out


def department_agency(config_path: Path) -> str:
    """The department shown: 教育局 in the demo county, else the first department."""
    agencies = load_config(config_path).agencies
    ids = [agency.id for agency in agencies if agency.kind == "department"] or [agencies[0].id]
    return "qx-jyj" if "qx-jyj" in ids else ids[0]


def first_link(driver, base: str, page: str, pattern: str) -> str | None:
    driver.get(base + page)
    wait_for(driver, "body")
    for anchor in driver.find_elements(By.CSS_SELECTOR, "main a[href]"):
        path = (anchor.get_attribute("href") or "").removeprefix(base).split("?")[0]
        if re.match(pattern, path):
            return path
    return None


def page_list(driver, base: str) -> dict[str, str]:
    """Every page to shoot for the logged-in user: the lists, then one of each detail."""
    found = dict(LIST_PAGES)
    for name, (page, pattern) in DETAILS.items():
        if link := first_link(driver, base, page, pattern):
            found[name] = link
    found["error-404"] = "/agencies/no-such-agency"
    return found


def shoot(driver, base: str, role: str, out: Path) -> list[Path]:
    saved = []
    for name, path in page_list(driver, base).items():
        driver.get(base + path)
        wait_for(driver, "body")
        for size_name, (width, height) in SIZES.items():
            png = out / f"{role}-{name}-{size_name}.png"
            full_page_png(driver, png, width, height)
            saved.append(png)
    return saved


def login_shots(base: str, out: Path, profile: Path) -> list[Path]:
    driver = chromium(profile)
    try:
        driver.get(base + "/login")
        wait_for(driver, "form")
        saved = []
        for size_name, (width, height) in SIZES.items():
            saved.append(out / f"login-{size_name}.png")
            full_page_png(driver, saved[-1], width, height)
        return saved
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("demo", nargs="?", help="a folder after `zwgk demo`")
    parser.add_argument("--out", default="screenshots", help="where the PNGs go")
    args = parser.parse_args()
    if reason := missing_browser():
        sys.exit(reason)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_folder(demo_folder(args.demo, Path(tmp)), Path(tmp) / "site")
        agency = department_agency(folder / "zwgk.yaml")
        add_users(folder / "zwgk.db", {"shot-sup": ("王监督", "supervisor", None),
                                       "shot-dept": ("教育局", "department", agency)},
                  PASSWORD)  # fmt: skip
        with served(folder / "zwgk.yaml") as base:
            saved = login_shots(base, out, Path(tmp) / "profile-login")
            for role, username in (("supervisor", "shot-sup"), ("department", "shot-dept")):
                driver = chromium(Path(tmp) / f"profile-{role}")
                try:
                    log_in(driver, base, username, PASSWORD)
                    saved += shoot(driver, base, role, out)
                finally:
                    driver.quit()
    for png in saved:
        print(png)


if __name__ == "__main__":
    main()
