"""Old URLs keep working: redirects from braindiet.toml and the Docusaurus config, their checks,
and the permalink ledger that notices a URL changed without one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from tests.conftest import PROJECT_ROOT, page, write_site
from tests.test_docusaurus import CONFIG_TS
from typer.testing import CliRunner

from braindiet.checks import run_checks
from braindiet.cli import app
from braindiet.content.ledger import LEDGER_PATH
from braindiet.project import load_project
from braindiet.site.build import build

SCHEMAS = PROJECT_ROOT / "schemas" / "api"

TOML = """title = "Moves"
url = "https://example.org"

[redirects]
"/docs/foods/old-spinach" = "/docs/foods/spinach"
"/docs/foods/spinach-2020" = "/docs/foods/old-spinach"
"/docs/foods/ring-a" = "/docs/foods/ring-b"
"/docs/foods/ring-b" = "/docs/foods/ring-a"
"/docs/foods/gone" = "/docs/foods/never-was"
"/docs/foods/kale" = "/docs/foods/spinach"
"/docs/foods/leaf" = "/docs/foods/spinach#iron"
"""


def moves_site(root: Path) -> Path:
    return write_site(root, {
        "braindiet.toml": TOML,
        "docs/foods/spinach.md": page("Spinach", body="## Iron\n\nPlenty."),
        "docs/foods/kale.md": page("Kale", id="kale"),
        "docs/phenomes/index.md": page("Phenomes"),
    })


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def moves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = moves_site(tmp_path_factory.mktemp("moves") / "site")
    out = root.parent / "out"
    build(root, out, search=False)
    return root, out


def test_a_redirect_page_sends_readers_on(moves: tuple[Path, Path]) -> None:
    _, out = moves
    html = soup(out / "docs/foods/old-spinach/index.html")
    refresh = html.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=/docs/foods/spinach/"
    assert html.find("link", rel="canonical")["href"] == "https://example.org/docs/foods/spinach/"
    link = html.select_one("body a")
    assert (link["href"], link.get_text()) == ("/docs/foods/spinach/", "Spinach")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "old-spinach" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_chain_is_served_straight_to_its_end(moves: tuple[Path, Path]) -> None:
    _, out = moves
    html = soup(out / "docs/foods/spinach-2020/index.html")
    assert html.select_one("body a")["href"] == "/docs/foods/spinach/"


def test_a_fragment_in_the_target_is_kept(moves: tuple[Path, Path]) -> None:
    _, out = moves
    html = soup(out / "docs/foods/leaf/index.html")
    assert html.select_one("body a")["href"] == "/docs/foods/spinach/#iron"


def test_broken_redirects_are_not_served(moves: tuple[Path, Path]) -> None:
    _, out = moves
    for old in ("ring-a", "ring-b", "gone"):
        assert not (out / f"docs/foods/{old}").exists()
    kale = soup(out / "docs/foods/kale/index.html")  # the page wins over the redirect
    assert kale.select_one("h1").get_text() == "Kale"


def test_check_reports_each_broken_redirect_where_it_is_declared(
        moves: tuple[Path, Path]) -> None:
    root, _ = moves
    found = {(d.code, d.location) for d in run_checks(load_project(root))
             if d.code.startswith("redirect-")}
    assert found == {
        ("redirect-chain", "braindiet.toml:6"),
        ("redirect-loop", "braindiet.toml:7"),
        ("redirect-loop", "braindiet.toml:8"),
        ("redirect-target-missing", "braindiet.toml:9"),
        ("redirect-shadowed", "braindiet.toml:10"),
    }


def test_api_lists_the_served_redirects(moves: tuple[Path, Path]) -> None:
    _, out = moves
    data = json.loads((out / "api/redirects.json").read_text(encoding="utf-8"))
    assert not list(validator("redirects").iter_errors(data))
    assert [(r["from"], r["to"], r["declared_in"]) for r in data["redirects"]] == [
        ("/docs/foods/leaf", "/docs/foods/spinach#iron", "braindiet.toml:11"),
        ("/docs/foods/old-spinach", "/docs/foods/spinach", "braindiet.toml:5"),
        ("/docs/foods/spinach-2020", "/docs/foods/spinach", "braindiet.toml:6"),
    ]


def test_docusaurus_client_redirects_are_read_as_data(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {
        "docusaurus.config.ts": CONFIG_TS,
        "docs/foods/kale.md": page("Kale"),
        "docs/phenomes/index.md": page("Phenomes"),
        "docs/phenomes/focus.md": page("Focus"),
    })
    project = load_project(root)
    assert [(r.source, r.target, r.line) for r in project.redirects] == [
        ("/docs/foods/borecole", "/docs/foods/kale", 18),
        ("/docs/phenomes/old-one", "/docs/phenomes", 19),
        ("/docs/phenomes/old-two", "/docs/phenomes", 19),
    ]
    assert not [d for d in run_checks(project) if d.code.startswith(("redirect", "docusaurus"))]
    build(root, tmp_path / "out", search=False)
    for old in ("foods/borecole", "phenomes/old-one", "phenomes/old-two"):
        assert (tmp_path / "out/docs" / old / "index.html").is_file()


def test_a_redirect_braindiet_cannot_read_is_reported(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "docusaurus.config.ts": "export default { plugins: [['@docusaurus/plugin-client-"
                                "redirects', {\n  redirects: [\n    makeRedirect('/a'),\n  ],\n"
                                "  createRedirects(path) { return undefined; },\n}]] };\n",
        "braindiet.toml": '[redirects]\n"/docs/a" = 3\n',
        "docs/foods/kale.md": page("Kale"),
    })
    found = {(d.code, d.location) for d in run_checks(load_project(root))}
    assert ("redirect-unreadable", "docusaurus.config.ts:3") in found
    assert ("redirect-unreadable", "docusaurus.config.ts:5") in found  # createRedirects
    assert ("config-invalid", "braindiet.toml:2") in found


# ---- the permalink ledger ------------------------------------------------------------------


def ledger_site(root: Path) -> Path:
    return write_site(root, {
        "docs/foods/almonds.md": page("Almonds", id="almonds"),
        "docs/foods/kale.md": page("Kale"),
        "docs/targets/pm2-transport.md": page("Transport", id="pm2-transport",
                                              pm_id="BRS1-PM-7"),
    })


def check_since(root: Path, out: Path) -> list[str]:
    result = CliRunner().invoke(app, ["check", str(root), "--since", str(out)])
    return [" ".join(line.split()) for line in result.output.splitlines()]


def test_a_changed_url_without_a_redirect_is_reported_with_the_line_to_add(
        tmp_path: Path) -> None:
    root, out = ledger_site(tmp_path / "site"), tmp_path / "out"
    build(root, out, search=False)
    almonds = root / "docs/foods/almonds.md"
    almonds.write_text(almonds.read_text().replace("id: almonds", "id: almonds\nslug: nuts"))
    (root / "docs/foods/kale.md").rename(root / "docs/kale.md")  # no id: lost, not guessed
    output = check_since(root, out)
    assert any("docs/foods/almonds.md:4: warning permalink-changed" in line
               and "/docs/foods/almonds to /docs/foods/nuts" in line for line in output)
    assert 'hint: add to braindiet.toml, under [redirects]: "/docs/foods/almonds" = ' \
           '"/docs/foods/nuts"' in output
    assert len([line for line in output if "permalink-changed" in line]) == 1
    # the warning stays until the redirect is there, however many builds later
    build(root, out, search=False)
    assert any("permalink-changed" in line for line in check_since(root, out))
    (root / "braindiet.toml").write_text('[redirects]\n"/docs/foods/almonds" = '
                                         '"/docs/foods/nuts"\n')
    assert not any("permalink-changed" in line for line in check_since(root, out))


def test_a_page_is_recognised_by_its_ids_when_its_file_moves(tmp_path: Path) -> None:
    root, out = ledger_site(tmp_path / "site"), tmp_path / "out"
    build(root, out, search=False)
    moved = root / "docs/targets/fm1"
    moved.mkdir()
    (root / "docs/targets/pm2-transport.md").rename(moved / "pm2-transport.md")
    source = moved / "pm2-transport.md"
    source.write_text(source.read_text().replace("id: pm2-transport", "id: fm1-pm2-transport"))
    found = [d for d in run_checks(load_project(root), since=out)
             if d.code == "permalink-changed"]
    assert [(d.file, d.hint) for d in found] == [(
        "docs/targets/fm1/pm2-transport.md", 'add to braindiet.toml, under [redirects]: '
        '"/docs/targets/pm2-transport" = "/docs/targets/fm1/fm1-pm2-transport"')]


def test_the_ledger_is_deterministic_and_valid(tmp_path: Path) -> None:
    root = ledger_site(tmp_path / "site")
    build(root, tmp_path / "one", search=False)
    build(root, tmp_path / "two", search=False)
    build(root, tmp_path / "two", search=False)  # over its own earlier build
    first = (tmp_path / "one" / LEDGER_PATH).read_bytes()
    assert first == (tmp_path / "two" / LEDGER_PATH).read_bytes()
    data = json.loads(first)
    assert not list(validator("permalinks").iter_errors(data))
    transport = next(p for p in data["pages"] if p["file"] == "docs/targets/pm2-transport.md")
    assert transport["ids"] == {"id": "pm2-transport", "pm_id": "BRS1-PM-7"}
    build(root, tmp_path / "dev", dev=True, search=False)
    assert not (tmp_path / "dev" / LEDGER_PATH).exists()  # a preview records nothing


@pytest.mark.corpus
def test_corpus_2026_serves_its_162_redirects(corpus_2026_root: Path, tmp_path: Path) -> None:
    project = load_project(corpus_2026_root)
    assert len(project.redirects) == 162
    result = build(corpus_2026_root, tmp_path / "out", search=False)
    assert result.redirects == 162
    duckweed = soup(tmp_path / "out/docs/foods/duckweed/index.html")
    assert duckweed.select_one("body a")["href"] == "/docs/foods/mankai/"
    data = json.loads((tmp_path / "out/api/redirects.json").read_text(encoding="utf-8"))
    assert not list(validator("redirects").iter_errors(data))
    assert len(data["redirects"]) == 162
    assert all(r["declared_in"].startswith("docusaurus.config.ts:") for r in data["redirects"])
    ledger = json.loads((tmp_path / "out" / LEDGER_PATH).read_text(encoding="utf-8"))
    assert not list(validator("permalinks").iter_errors(ledger))
    assert sum(1 for p in ledger["pages"] if "pm_id" in p["ids"]) == 62
