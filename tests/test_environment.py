"""pyproject.toml and environment.yml declare the same dependencies with the same lower bounds."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.core.paths import ROOT


def _split(spec: str) -> tuple[str, str]:
    name, bound = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec.strip()).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda: list[str] = []
    for item in env["dependencies"]:
        if isinstance(item, dict):
            conda += item["pip"]
        elif not item.startswith(("python=", "pip")) or item.startswith("pip "):
            conda.append(item)
    assert dict(map(_split, conda)) == dict(map(_split, declared))


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in project["dependencies"]:
        assert ">=" in spec, spec


def test_altair_imports_without_the_iri_grammar_and_still_checks_uris():
    """``analysis`` blocks rfc3987_syntax (a Lark grammar compiled at import, 1.5 s a process); the "iri" checkers
    go, the "uri" checker the Vega-Lite schema uses stays (rfc3986-validator)."""
    import subprocess
    import sys

    probe = ("import analysis, altair, sys, jsonschema; fc = jsonschema.Draft7Validator.FORMAT_CHECKER; "
             "print('lark' in sys.modules, 'iri' in fc.checkers, fc.conforms('http://example.org/a b', 'uri'), "
             "fc.conforms('https://undocs.org/A/RES/79/183', 'uri'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "False", "True"]


def test_pytest_loads_the_package_before_nbval_so_no_worker_compiles_the_iri_grammar():
    """``-p analysis`` (pyproject's addopts) loads the package before the plugins of other packages: nbval
    imports nbformat, hence jsonschema, when pytest starts, and without the block in place first every pytest
    process (and xdist worker) compiled the Lark grammar (~0.9 s)."""
    import sys

    assert "nbformat" in sys.modules and "jsonschema" in sys.modules  # nbval's import happened in this process
    assert sys.modules["rfc3987_syntax"] is None and "lark" not in sys.modules
