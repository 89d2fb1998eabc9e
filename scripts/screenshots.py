"""Screenshots of the backlog and the Scrum board with the demo data, for the README.

Usage (the app serving the seeded demo, e.g. `make run`, in another terminal):

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out docs]

It logs in as the demo Product Owner through the real login form and saves docs/screenshot-backlog.png and
docs/screenshot-board.png. Uses the system Chromium (as the end-to-end tests do); set CHROMIUM_PATH to override.
"""

import argparse
import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

DEMO_USER = "paula"
DEMO_PASSWORD = "demo-pass-2026"  # the seed_demo command's published demo password


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs"))
    parser.add_argument("--board", default="demo")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(base_url=args.url, viewport={"width": 1400, "height": 900})
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(DEMO_USER)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        page.goto(f"/b/{args.board}/")
        page.screenshot(path=str(out / "screenshot-backlog.png"))
        page.goto(f"/b/{args.board}/board/")
        page.screenshot(path=str(out / "screenshot-board.png"))
        browser.close()
    print(f"Saved {out / 'screenshot-backlog.png'} and {out / 'screenshot-board.png'}")


if __name__ == "__main__":
    main()
