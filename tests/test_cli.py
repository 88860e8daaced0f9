"""What every command shares: the `--format` option, the cache command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import page, write_site
from typer.testing import CliRunner

from braindiet.cli import app
from braindiet.project import example_site

runner = CliRunner()
RECIPE = str(example_site() / "docs/recipes/Lunch/black-bean-quinoa-salad.md")


@pytest.mark.parametrize("command", [["check"], ["refs"], ["refs", "--missing"],
                                     ["query", "foods", "--substance", "Magnesium"],
                                     ["query", "targets", "--substance", "Magnesium"],
                                     ["nutrition", "match", "--food", "Almonds"],
                                     ["nutrition", "recipe", RECIPE], ["chem", "resolve"]])
def test_every_command_that_prints_results_takes_format_json(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--format", "json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)


@pytest.mark.parametrize("command", [["check"], ["refs"],
                                     ["query", "foods", "--substance", "Magnesium"]])
def test_text_is_the_default_format_and_has_the_same_name_everywhere(command: list[str]) -> None:
    default = runner.invoke(app, command)
    text = runner.invoke(app, [*command, "--format", "text"])
    assert default.exit_code == text.exit_code == 0
    assert default.stdout == text.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(text.stdout)


def test_cache_path_and_clear_follow_braindiet_cache(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    (folder / "references").mkdir(parents=True)
    (folder / "references" / "entry.pickle").write_bytes(b"x" * 1000)
    monkeypatch.setenv("BRAINDIET_CACHE", str(folder))
    assert runner.invoke(app, ["cache", "path"]).stdout.strip() == str(folder)
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0 and not folder.exists()
    assert "nothing to clear" in runner.invoke(app, ["cache", "clear"]).stdout


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRAINDIET_CACHE", "off")
    assert "off" in runner.invoke(app, ["cache", "path"]).stdout


def test_a_recipe_as_json_gives_its_per_serving_figures() -> None:
    data = json.loads(runner.invoke(app, ["nutrition", "recipe", RECIPE, "-f", "json"]).stdout)
    assert data["status"] != "pending" and data["per_serving"]
    magnesium = next(n for n in data["nutrients"] if n["label"] == "Magnesium")
    assert magnesium["unit"] == "mg" and magnesium["amount"] > 0


# --------------------------------------------------------------------------------------------
# Commands load only what they use


def _modules_after(*arguments: str) -> set[str]:
    """The modules a fresh interpreter holds after running `braindiet ARGUMENTS`."""
    script = ("import sys\nfrom braindiet.cli import app\ntry:\n    app(sys.argv[1:])\n"
              "except SystemExit:\n    pass\nprint('\\n'.join(sys.modules))")
    completed = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True,
                               text=True, check=True, env={**os.environ, "COLUMNS": "100"})
    return set(completed.stdout.splitlines())


def test_help_lists_every_command_without_importing_the_features() -> None:
    loaded = _modules_after("--help")
    assert not {"braindiet.commands.nutrition", "braindiet.commands.query", "pint",
                "braindiet.project"} & loaded
    listed = runner.invoke(app, ["--help"]).stdout
    for name in ("check", "build", "serve", "export", "cache", "chem", "refs", "query",
                 "nutrition"):
        assert f" {name} " in listed
    assert "USDA composition" in listed


def test_build_does_not_load_the_nutrition_commands_or_pint(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"docs/substances/Magnesium.md": page("Magnesium")})
    loaded = _modules_after("build", str(site), "-o", str(tmp_path / "out"), "-q")
    assert "braindiet.site.build" in loaded
    assert not {"braindiet.commands.nutrition", "braindiet.commands.chem", "pint"} & loaded


def test_a_feature_command_loads_when_asked_for() -> None:
    shown = runner.invoke(app, ["nutrition", "--help"])
    assert shown.exit_code == 0
    assert "USDA composition" in shown.stdout
    for subcommand in ("match", "recipe", "verify"):
        assert subcommand in shown.stdout
    assert runner.invoke(app, ["nutrition", "nonsense"]).exit_code != 0
    assert runner.invoke(app, ["no-such-command"]).exit_code != 0
