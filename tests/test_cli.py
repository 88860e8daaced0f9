"""What every command shares: the `--format` option, the cache command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
