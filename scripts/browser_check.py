"""Open report pages in headless Chromium and print what is broken on them (tests/browser.py).

Usage: .venv/bin/python scripts/browser_check.py reports/PAK-IRN [more folders or pages] [--screenshot FILE]

A folder stands for its HTML pages (a batch folder: its index.html and every pair's pages).
Prints one line per problem -- console errors, charts that did not render, links to a missing
anchor or file, claims without a verdict badge -- and exits 1 if there is any, 0 if none, 2 if
a path does not exist or Chromium is missing (install: sudo apt-get install chromium chromium-driver).
``--screenshot FILE`` also writes a full-page PNG of the first folder's dyad_report.html (or of
the first page named).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Check the pages named by ``argv``; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="report folders or HTML pages")
    parser.add_argument("--screenshot", type=Path, metavar="FILE", help="write a full-page PNG here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))  # tests/ is not installed with the package
    from tests.browser import check_page, ensure_chromium, open_driver, pages_in, screenshot_full_page

    pages: list[Path] = []
    for path in args.paths:
        if path.is_dir():
            found = pages_in(path)
            if not found:
                print(f"browser_check: {path}: no HTML pages in this folder", file=sys.stderr)
                return 2
            pages += found
        elif path.is_file():
            pages.append(path)
        else:
            print(f"browser_check: {path}: no such file or folder", file=sys.stderr)
            return 2
    try:
        ensure_chromium(install=False)
    except RuntimeError as exc:
        print(f"browser_check: {exc}", file=sys.stderr)
        return 2

    driver = open_driver()
    try:
        problems = []
        for page in pages:
            found = check_page(driver, page)
            problems += found
            for line in found:
                print(line, flush=True)
        if args.screenshot:
            first = args.paths[0]
            target = first / "dyad_report.html" if first.is_dir() and (first / "dyad_report.html").is_file() \
                else pages[0]
            screenshot_full_page(driver, target, args.screenshot)
            print(f"screenshot of {target} written to {args.screenshot}", file=sys.stderr)
    finally:
        driver.quit()
    print(f"{len(pages)} pages, {len(problems)} problems" if problems else f"{len(pages)} pages, no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
