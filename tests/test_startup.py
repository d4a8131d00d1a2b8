"""Start-up: nothing slow is imported before a learner's first cell or ``course check`` runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

SLOW = "rfc3987_syntax"  # builds about 35 grammars when imported (docs/scale.md)
IRI_FORMAT = re.compile(r"""["']?format["']?\s*:\s*["']?(iri|iri-reference)\b""")
# Everything in the course's stack that validates with jsonschema, and its schemas.
SCHEMA_PACKAGES = (
    "altair",
    "jupyter_events",
    "jupyter_server",
    "jupyterlab_server",
    "jupyterlab",
    "nbformat",
    "nbgrader",
    "jupyterhub",
)


def modules_after(code: str) -> set[str]:
    """The modules a new interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("code", ["import altair", "import nbformat"])
def test_jsonschema_users_load_no_iri_grammars(code: str) -> None:
    """altair (the set-up cell) and nbformat (``course check``) start without rfc3987_syntax."""
    assert SLOW not in modules_after(code), (
        f"`{code}` loaded {SLOW}, which takes about a second to build its grammars; "
        "remove it with `.venv/bin/python -m pip uninstall rfc3987-syntax` "
        "(make's install steps do this; see docs/scale.md)."
    )


def test_no_schema_in_the_stack_uses_the_iri_formats() -> None:
    """Without rfc3987_syntax jsonschema cannot check iri formats, so no schema may use them."""
    site = Path(sysconfig.get_paths()["purelib"])
    share = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    folders = [site / name for name in SCHEMA_PACKAGES if (site / name).is_dir()] + [share]
    schemas = [
        path
        for folder in folders
        for pattern in ("*.json", "*.yaml", "*.yml")
        for path in folder.rglob(pattern)
        if not {"static", "node_modules", "tests"} & set(path.parts)
    ]
    assert len(schemas) > 50 and any(p.name == "vega-lite-schema.json" for p in schemas)
    users = [str(p) for p in schemas if IRI_FORMAT.search(p.read_text(encoding="utf-8"))]
    assert users == [], f"these schemas use an iri format; see docs/scale.md: {users}"


def test_the_check_commands_import_nothing_they_do_not_use() -> None:
    """``course check`` and ``course submit`` load no pandas, widgets, nbgrader or server."""
    loaded = modules_after("import course.cli, course.selfcheck, course.submit")
    unused = {"pandas", "anywidget", "ipywidgets", "altair", "nbgrader", "jupyter_server", SLOW}
    assert unused & loaded == set()
