"""Write docs/data-dictionary.md from the table declarations (analysis/schemas/tables.py).

Run after changing a declaration; tests/test_schemas.py fails while the file is not current.

Usage: .venv/bin/python scripts/write_data_dictionary.py [--check]
  --check  write nothing; exit 1 when the file differs from the declarations
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package

from analysis.schemas.doc import data_dictionary  # noqa: E402

TARGET = ROOT / "docs" / "data-dictionary.md"


def main(argv: list[str]) -> int:
    text = data_dictionary()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is not current: run python scripts/write_data_dictionary.py")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(text.splitlines())} lines, {len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
