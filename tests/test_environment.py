"""environment.yml (conda) installs the same packages and versions as pyproject.toml (pip)."""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENV = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))


def conda_packages() -> dict[str, SpecifierSet]:
    found = {}
    for entry in ENV["dependencies"]:
        if isinstance(entry, str):
            req = Requirement(entry.replace(" ", ""))
            found[req.name.lower()] = req.specifier
    return found


def test_every_pip_dependency_is_in_environment_yml_with_the_same_versions() -> None:
    conda = conda_packages()
    for line in PROJECT["dependencies"]:
        req = Requirement(line)
        assert req.name.lower() in conda, f"{req.name} is missing from environment.yml"
        assert conda[req.name.lower()] == req.specifier, (
            f"{req.name}: pyproject.toml says {req.specifier}, "
            f"environment.yml says {conda[req.name.lower()]}"
        )


def test_environment_yml_has_nothing_pip_does_not_install() -> None:
    pip_names = {Requirement(line).name.lower() for line in PROJECT["dependencies"]}
    assert set(conda_packages()) - {"python", "pip"} == pip_names


def test_python_version_matches_requires_python() -> None:
    assert conda_packages()["python"] == SpecifierSet(PROJECT["requires-python"])


def test_environment_yml_installs_this_course_package() -> None:
    pip_section = next(e["pip"] for e in ENV["dependencies"] if isinstance(e, dict))
    assert any(line.split()[-1] == "." for line in pip_section)
    assert ENV["name"] == "system-leadership-lab"
    assert "conda-forge" in ENV["channels"]


def test_the_licence_is_an_spdx_expression_with_its_file() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"] and (REPO / "LICENSE").is_file()


def test_the_version_is_set_once_in_the_package() -> None:
    import importlib.metadata

    import course

    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert importlib.metadata.version("system-leadership-lab") == course.__version__


def test_each_extra_environment_yml_names_exists_with_the_versions_it_states() -> None:
    """The extras the comments of environment.yml tell people to add match pyproject.toml."""
    extras = PROJECT["optional-dependencies"]
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    named = re.findall(r"pip install -e '\.\[(\w+)\]'\s*(?:\(([^)]*)\))?", text)
    assert {"scale", "hub"} <= {name for name, _ in named}
    for name, stated in named:
        assert name in extras, f"environment.yml names an extra {name!r} that pyproject lacks"
        declared = {
            Requirement(line).name.lower(): Requirement(line).specifier for line in extras[name]
        }
        for part in (p.strip() for p in stated.split(" and ")):
            if not re.search(r"[<>=!~]=?", part):
                continue  # words, not a requirement
            req = Requirement(part)
            assert declared.get(req.name.lower()) == req.specifier, (
                f"environment.yml says {part} for the {name} extra; pyproject.toml says "
                f"{declared.get(req.name.lower())}"
            )
