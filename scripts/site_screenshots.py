"""Screenshots of the built documentation site's first screen (headless Chromium, 1366x768) into docs/screenshots/.

Usage: .venv/bin/python scripts/site_screenshots.py [SITE]   (SITE: the built site, default site/; run make docs first)
Writes docs/screenshots/site-home-1366x768.png and site-tutorial-1366x768.png (the voting tutorial).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import ensure_chromium, open_driver  # noqa: E402

SIZE = (1366, 768)
PAGES = {"site-home": "index.html", "site-tutorial": "tutorials/voting_alignment.html"}


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    ensure_chromium(install=True)
    driver = open_driver(arguments=(f"--window-size={SIZE[0]},{SIZE[1]}",))
    try:
        driver.set_window_size(*SIZE)
        # the window's outer size includes no browser chrome in headless mode; make the viewport exactly SIZE
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        driver.set_window_size(SIZE[0] + SIZE[0] - inner[0], SIZE[1] + SIZE[1] - inner[1])
        for name, page in PAGES.items():
            driver.get((site / page).resolve().as_uri())
            time.sleep(1.0)  # fonts and the header settle
            out = ROOT / "docs" / "screenshots" / f"{name}-{SIZE[0]}x{SIZE[1]}.png"
            driver.save_screenshot(str(out))
            print(f"wrote {out.relative_to(ROOT)}")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
