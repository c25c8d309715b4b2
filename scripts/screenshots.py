"""Take the README screenshots from a running demo (`make demo`), with the system's Chromium.

Usage: python scripts/screenshots.py [BASE_URL]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = [
    # (file, account, path, viewport width, height); a path ending in ">" opens the first link in <main>
    ("coordinator-home.png", "coordinator.santiago", "/", 1200, 800),
    ("psw-home-phone.png", "psw.santiago", "/", 390, 844),
    ("joint-display.png", "coordinator.vic", "/integration/>", 1200, 900),
]


def main() -> int:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for filename, account, path, width, height in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height}, base_url=base)
            page.goto("/login/")
            page.fill("#id_username", account)
            page.fill("#id_password", "puente-demo")
            page.click("button[type=submit] >> text=Sign in")
            page.goto(path.rstrip(">"))
            if path.endswith(">"):
                page.locator("main table a, main li a").first.click()
            page.screenshot(path=str(OUT / filename), full_page=False)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
