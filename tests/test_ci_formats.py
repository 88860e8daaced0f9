"""Issue 15, checks that always run: workflow annotations, SARIF, and the pre-commit hook."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml
from tests.conftest import PROJECT_ROOT
from tests.hostile import make_site
from typer.testing import CliRunner

from braindiet.cli import app

BROKEN = {"docs/foods/x.md": "---\ntitle: X\nslug: /../../../../elsewhere/x\n---\n\n"
                             "See [nothing](/docs/nowhere), 50% of it, a:b.\n"}


def check(site: Path, *options: str, cwd: Path | None = None,
          monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str]:
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, ["check", str(site), *options])
    return result.exit_code, result.stdout


def test_check_format_github_writes_one_annotation_per_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "content" / "site", BROKEN)
    code, output = check(site, "--format", "github", "--strict", cwd=tmp_path / "content",
                         monkeypatch=monkeypatch)
    assert code == 1
    lines = output.splitlines()
    slug = next(line for line in lines if "slug-unsafe" in line)
    assert slug.startswith("::error file=site/docs/foods/x.md,line=3,title=braindiet "
                           "slug-unsafe::slug cannot be used: ")
    broken_link = next(line for line in lines if "link-broken" in line)
    assert broken_link.startswith("::error file=site/docs/foods/x.md,line=6,")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert all("\n" not in line for line in lines)  # multi-line messages are escaped


def test_check_format_github_escapes_workflow_command_characters(tmp_path: Path) -> None:
    from braindiet.diagnostics import error
    from braindiet.reports import github_annotations

    found = github_annotations([error("x-y", "100% broken\nsecond line", "a,b:c.md", 2)],
                               tmp_path, cwd=tmp_path)
    assert found == "::error file=a%2Cb%3Ac.md,line=2,title=braindiet x-y::" \
                    "100%25 broken%0Asecond line\n"


def test_check_format_sarif_is_a_sarif_log_with_locations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", BROKEN)
    code, output = check(site, "--format", "sarif", cwd=tmp_path, monkeypatch=monkeypatch)
    assert code == 0  # not --strict
    log = json.loads(output)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)) and "slug-unsafe" in rules
    slug = next(r for r in run["results"] if r["ruleId"] == "slug-unsafe")
    assert slug["level"] == "error" and rules[slug["ruleIndex"]] == "slug-unsafe"
    location = slug["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "site/docs/foods/x.md"},
                        "region": {"startLine": 3}}
    again = check(site, "--format", "sarif")[1]
    assert again == output  # deterministic


def test_pre_commit_hook_runs_check_strict_on_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "braindiet-check")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    command = shlex.split(hook["entry"]) + hook["args"]
    assert command[0] == "braindiet"
    clean = make_site(tmp_path / "clean")
    monkeypatch.chdir(clean)
    assert CliRunner().invoke(app, command[1:]).exit_code == 0
    broken = make_site(tmp_path / "broken", BROKEN)
    monkeypatch.chdir(broken)
    assert CliRunner().invoke(app, command[1:]).exit_code == 1
