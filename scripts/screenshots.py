"""Screenshots of the demo data for the README: the backlog, the Scrum board, the daily stand-up and a retro.

Usage (the app serving the seeded demo, e.g. `make run`, in another terminal):

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out docs]

It logs in through the real login form and only reads: the backlog and the board as the demo Product Owner, the
stand-up as dana (today's entry written, a blocker open), and the latest retro as the Scrum Master (the summary of
the demo's last closed one). Saves docs/screenshot-backlog.png, docs/screenshot-board.png,
docs/screenshot-standup.png and docs/screenshot-retro.png; then the Russian UI (a browser set to Russian):
docs/screenshot-ru-backlog.png on a desktop, docs/screenshot-ru-phone-board.png and docs/screenshot-ru-phone-standup.png
on a 360 px phone in the dark theme. Uses the system Chromium (as the end-to-end tests do);
set CHROMIUM_PATH to override.

With --play-retro it writes, so point it only at a scratch copy of the demo (the README's screenshots are taken
so): after the other screenshots, the team holds the active sprint's retro in four browsers up to the discuss phase
(an action carried over, a card each, one anonymous, everyone's votes, an action agreed), and that is the retro
screenshot. A board whose active sprint has its retro already is only photographed.
"""

import argparse
import os
import shutil
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

DEMO_PASSWORD = "demo-pass-2026"  # the seed_demo command's published demo password
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
# The active sprint's retro, as --play-retro holds it: (member, column, text, anonymous), then who votes for what.
CARDS = [
    ("dana", "pluses", "The WIP limit badge showed the bottleneck on day 2.", False),
    ("paula", "pluses", "The burndown tells me where we stand without asking anyone.", False),
    ("devon", "minuses", "The Django upgrade waited three days for a staging database.", False),
    ("dana", "minuses", "Three items in progress at once, over our limit of two.", True),
    ("sam", "actions", "Ask ops for a staging database before the sprint starts.", False),
]
VOTES = {
    "sam": [2, 4],
    "dana": [2, 3],
    "devon": [2, 4],
    "paula": [3, 1],
}
AGREED = ("Ask ops for a staging database at every sprint planning", "sam", 2)  # text, owner, card (index in CARDS)


def logged_in(browser: Browser, url: str, username: str, *, locale: str = "en-US", **options: object) -> Page:
    """A page of a browser set to `locale` (its Accept-Language), logged in through the login form."""
    options = {"viewport": VIEWPORT, **options}
    page = browser.new_page(base_url=url, locale=locale, **options)
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    expect(page.locator("html")).to_have_attribute("lang", locale.split("-")[0])
    return page


def play_retro(pages: dict[str, Page], board: str) -> bool:
    """Open the active sprint's retro as the Scrum Master and hold it up to the discuss phase; False when the
    active sprint has its retro already."""
    sam = pages["sam"]
    sam.goto(f"{board}/retros/")
    active = sam.locator("#retro-sprint option", has_text="(active)")
    if not active.count():
        return False
    sam.get_by_label("Sprint").select_option(active.get_attribute("value"))
    sam.get_by_role("button", name="Open the retro").click()
    sam.wait_for_selector(".retro-wall")
    room = sam.url
    carry = sam.get_by_role("button", name="Carry over: ").first
    if carry.count():
        carry.click()
        expect(sam.get_by_role("heading", name="Carried into this retro")).to_be_visible()

    def move(to: str) -> None:
        sam.get_by_role("button", name=f"Move on to {to}").click()
        expect(sam.locator("#retro-stage")).to_have_attribute("data-phase", to)
        for page in pages.values():
            page.goto(room)

    move("write")
    for username, column, text, anonymous in CARDS:
        page = pages[username]
        page.get_by_label("Column").select_option(column)
        page.get_by_label("Card").fill(text)
        page.get_by_label("Anonymous").set_checked(anonymous)
        page.get_by_role("button", name="Add card").click()
        expect(page.get_by_label("Card")).to_have_value("")
    move("vote")
    for username, cards in VOTES.items():
        page = pages[username]
        for index in cards:
            left = page.get_by_test_id("votes-left").inner_text()
            page.get_by_role("button", name=f"Vote for: {CARDS[index][2][:37]}").click()
            expect(page.get_by_test_id("votes-left")).not_to_have_text(left)
    move("discuss")
    text, owner, card = AGREED
    sam.get_by_label("From card").select_option(
        label=sam.locator("#action-card option", has_text=CARDS[card][2][:30]).inner_text()
    )
    sam.get_by_label("Action").fill(text)
    sam.get_by_label("Owner").select_option(owner)
    sam.get_by_role("button", name="Add action").click()
    expect(sam.locator(".retro-actions")).to_contain_text(text)
    return True


def take(browser: Browser, url: str, out: Path, *, board: str = "demo", play: bool = False) -> list[Path]:
    """Save the screenshots into `out` (see the module docstring); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"/b/{board}"
    saved: list[Path] = []
    pages: dict[str, Page] = {}

    def shot(page: Page, name: str, *, full_page: bool = False) -> None:
        saved.append(out / f"screenshot-{name}.png")
        page.screenshot(path=str(saved[-1]), full_page=full_page)

    try:
        for username in ("paula", "dana", "sam", "devon"):
            pages[username] = logged_in(browser, url, username)
        paula, dana, sam = pages["paula"], pages["dana"], pages["sam"]
        paula.goto(f"{prefix}/")
        shot(paula, "backlog")
        # The whole page: the blockers panel and the improvement actions sit above and below the columns.
        paula.goto(f"{prefix}/board/")
        shot(paula, "board", full_page=True)
        dana.goto(f"{prefix}/standups/")
        shot(dana, "standup", full_page=True)
        if play and not play_retro(pages, prefix):
            print("The active sprint has its retro already: it is photographed as it is.")
        sam.goto(f"{prefix}/retros/")
        # The latest retro: the list is ordered by sprint, latest first.
        sam.locator(".retro-list li").first.get_by_role("link").first.click()
        sam.wait_for_selector(".retro-wall")
        shot(sam, "retro", full_page=True)
    finally:
        for page in pages.values():
            page.context.close()
    return saved


def take_russian(browser: Browser, url: str, out: Path, *, board: str = "demo") -> list[Path]:
    """The Russian UI, as a team whose browsers are set to Russian sees it: the backlog on a desktop, and the board and
    the stand-up on a 360 px phone in the dark theme. Only reads."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"/b/{board}"
    saved: list[Path] = []
    desktop = logged_in(browser, url, "paula", locale="ru-RU")
    phone = logged_in(browser, url, "dana", locale="ru-RU", viewport=PHONE, color_scheme="dark", is_mobile=True)
    try:
        for page, path, name, full_page in (
            (desktop, f"{prefix}/", "ru-backlog", False),
            (phone, f"{prefix}/board/", "ru-phone-board", False),
            (phone, f"{prefix}/standups/", "ru-phone-standup", True),
        ):
            page.goto(path)
            saved.append(out / f"screenshot-{name}.png")
            page.screenshot(path=str(saved[-1]), full_page=full_page)
    finally:
        desktop.context.close()
        phone.context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs"))
    parser.add_argument("--board", default="demo")
    parser.add_argument("--play-retro", action="store_true", help="hold the active sprint's retro (writes; see above)")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        saved = take(browser, args.url, Path(args.out), board=args.board, play=args.play_retro)
        saved += take_russian(browser, args.url, Path(args.out), board=args.board)
        browser.close()
    print("Saved " + ", ".join(str(path) for path in saved))


if __name__ == "__main__":
    main()
