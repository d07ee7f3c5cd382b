"""Write the site's generated pages (run by mkdocs-gen-files at every ``make docs``; see ``mkdocs.yml``).

Writes into the build only, never into ``docs/``: the command-line reference (from the argparse parser), the
Python API pages (mkdocstrings), the data dictionary (from ``analysis/schemas``), the datasets (from the
registry and the built tables) and the four tutorials (the notebooks run for Pakistan–Iran, with an opening cell).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import mkdocs_gen_files

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/site_pages.py
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's package

import site_pages  # noqa: E402

from analysis.cli import parser  # noqa: E402
from analysis.schemas.doc import data_dictionary  # noqa: E402


def write(path: str, text: str) -> None:
    """Write ``text`` to the site's virtual file ``path`` (relative to the docs folder)."""
    with mkdocs_gen_files.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


write("reference/cli.md", site_pages.cli_reference(parser()))
# the dictionary links the declarations' source file, which is not a page of the site
SOURCE_LINK = "[`analysis/schemas/tables.py`](../analysis/schemas/tables.py)"
write("reference/data-dictionary.md", data_dictionary().replace(SOURCE_LINK, "`analysis/schemas/tables.py`"))
write("reference/datasets.md", site_pages.datasets_page())
write("reference/api/index.md", site_pages.api_index())
for module, purpose in site_pages.API_MODULES:
    write(f"reference/api/{module}.md", site_pages.api_page(module, purpose))
with tempfile.TemporaryDirectory(prefix="unalign-tutorials-") as run_folder:
    executed = site_pages.run_tutorials(Path(run_folder))
    for name, title, shows in site_pages.TUTORIALS:
        write(f"tutorials/{name}.ipynb", site_pages.tutorial_notebook(name, title, shows, executed[name]))
