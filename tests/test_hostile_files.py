"""Issue 15, hostile files: sources never deleted, nothing written or copied across the site's
edge, symlinks never followed out of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.hostile import located, make_site, tree
from typer.testing import CliRunner

from braindiet.cli import app
from braindiet.project import load_project
from braindiet.site.build import build
from braindiet.site.output import Output, Staging, UnsafeOutputPath, safe_relative


def cli_build(site: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", str(site), "-o", str(out), "-q"])
    return result.exit_code, result.output


def test_build_into_the_site_folder_is_refused_and_deletes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"notes.txt": "my unrelated notes\n"})
    before = tree(site)
    code, output = cli_build(site, site)
    assert code == 1 and "refusing" in output and "Traceback" not in output
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


def test_build_into_the_docs_folder_is_refused_and_deletes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    before = tree(site)
    code, output = cli_build(site, site / "docs")
    assert code == 1 and "refusing" in output
    assert tree(site) == before


def test_build_into_a_folder_inside_the_site_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    code, output = cli_build(site, site / "build")
    assert code == 1 and "refusing" in output and not (site / "build").exists()


def test_build_into_a_folder_containing_the_site_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "work" / "site")
    before = tree(tmp_path)
    code, output = cli_build(site, tmp_path / "work")
    assert code == 1 and "refusing" in output
    assert tree(tmp_path) == before


def test_build_into_a_folder_holding_the_bibliography_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"braindiet.toml": 'bibliography = "refs/main.bib"\n',
                                         "refs/main.bib": "@book{a, title={A}, year={2020}}\n"})
    code, output = cli_build(site, site / "refs")
    assert "refusing" in output
    assert code == 1 and (site / "refs/main.bib").is_file()


def test_build_over_a_folder_of_unrelated_files_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/thesis.tex").write_text("years of work\n")
    code, output = cli_build(site, tmp_path / "documents")
    assert code == 1 and "not a site braindiet built" in output
    assert (tmp_path / "documents/thesis.tex").read_text() == "years of work\n"


def test_build_over_an_earlier_build_replaces_it(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    assert cli_build(site, tmp_path / "out")[0] == 0
    (site / "docs/foods/kale.md").write_text("---\ntitle: Kale\n---\nKale.\n")
    assert cli_build(site, tmp_path / "out")[0] == 0
    assert (tmp_path / "out/docs/foods/kale/index.html").is_file()


def test_slug_climbing_out_of_the_site_is_an_error_and_nothing_is_written_outside(
        tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/x.md": "---\ntitle: X\nslug: /../../../../elsewhere/x\n---\nX.\n",
        "docs/foods/y.md": "---\ntitle: Y\nslug: ../../../../elsewhere/y\n---\nY.\n"})
    result = build(site, tmp_path / "out", search=False)
    assert sorted(located(result.diagnostics, "slug-unsafe")) == [
        ("docs/foods/x.md", 3), ("docs/foods/y.md", 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert (tmp_path / "out/docs/foods/x/index.html").is_file()  # published at its file name


def test_tags_yml_permalink_climbing_out_is_an_error_and_nothing_is_written_outside(
        tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/tags.yml": "Magnesium:\n  label: Magnesium\n  permalink: /../../../elsewhere\n"})
    result = build(site, tmp_path / "out", search=False)
    assert located(result.diagnostics, "tags-permalink-unsafe") == [("docs/tags.yml", 3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert (tmp_path / "out/docs/tags/magnesium/index.html").is_file()


@pytest.mark.parametrize("path", ["../x.json", "a/../../x.json", "/etc/x.json", "a//b", "",
                                  "a/\0/b", "a\\..\\b", "x" * 300])
def test_output_paths_that_leave_the_folder_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(UnsafeOutputPath):
        safe_relative(path)
    (tmp_path / "out").mkdir()
    with pytest.raises(UnsafeOutputPath), Staging(tmp_path / "out", {}) as staging:
        staging.write(Output(path, b"{}"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_static_symlink_to_outside_is_reported_not_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    site = make_site(tmp_path / "site")
    (site / "static/passwd").symlink_to(secret)
    (site / "static/leaf-link.svg").symlink_to(site / "static/img/leaf.svg")  # inside: fine
    result = build(site, tmp_path / "out", search=False)
    assert ("static/passwd", None) in located(result.diagnostics, "file-refused")
    assert not (tmp_path / "out/passwd").exists()
    assert (tmp_path / "out/leaf-link.svg").read_bytes() == (site / "static/img/leaf.svg"
                                                             ).read_bytes()
    assert not any(b"root:x" in data for data in tree(tmp_path / "out").values())


def test_docs_symlink_to_etc_passwd_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("---\ntitle: root:x:0:0\n---\nroot:x:0:0:root\n")
    site = make_site(tmp_path / "site")
    (site / "docs/foods/passwd.md").symlink_to(secret)
    result = build(site, tmp_path / "out", search=False)
    assert ("docs/foods/passwd.md", None) in located(result.diagnostics, "file-refused")
    assert not (tmp_path / "out/docs/foods/passwd").exists()
    assert not any(b"root:x" in data for data in tree(tmp_path / "out").values())


def test_symlinked_tags_yml_outside_the_site_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "tags.yml").write_text("Secret:\n  label: Secret\n")
    site = make_site(tmp_path / "site")
    (site / "docs/tags.yml").unlink()
    (site / "docs/tags.yml").symlink_to(tmp_path / "tags.yml")
    project = load_project(site)
    assert ("docs/tags.yml", None) in located(project.diagnostics, "file-refused")
    assert project.content.tags.get("Secret") is None


def test_symlink_loop_in_static_is_reported_and_leaves_no_building_folder(tmp_path: Path
                                                                          ) -> None:
    site = make_site(tmp_path / "site")
    (site / "static/loop-a").symlink_to(site / "static/loop-b")
    (site / "static/loop-b").symlink_to(site / "static/loop-a")
    (site / "static/img/folder-loop").symlink_to(site / "static/img", target_is_directory=True)
    result = build(site, tmp_path / "out", search=False)
    refused = located(result.diagnostics, "file-refused")
    assert ("static/loop-a", None) in refused and ("static/loop-b", None) in refused
    assert ("static/img/folder-loop", None) in located(result.diagnostics,
                                                       "symlink-not-followed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


@pytest.mark.parametrize("field", ["list_image", "inchi_image"])
def test_image_paths_that_leave_static_are_reported(tmp_path: Path, field: str) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    site = make_site(tmp_path / "site", {
        "docs/substances/zinc.md": f"---\ntitle: Zinc\n{field}: /../../outside.png\n---\n"})
    result = build(site, tmp_path / "out", search=False)
    assert ("docs/substances/zinc.md", 3) in located(result.diagnostics, "image-refused")
    assert b"\x89PNG" not in b"".join(tree(tmp_path / "out").values())


def test_image_symlinked_out_of_static_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    site = make_site(tmp_path / "site", {
        "docs/substances/zinc.md": "---\ntitle: Zinc\ninchi_image: /img/zinc.png\n---\n"})
    (site / "static/img/zinc.png").symlink_to(tmp_path / "outside.png")
    result = build(site, tmp_path / "out", search=False)
    assert ("docs/substances/zinc.md", 3) in located(result.diagnostics, "image-missing")
    assert ("static/img/zinc.png", None) in located(result.diagnostics, "file-refused")


@pytest.mark.parametrize("where", ["../outside.bib", "/etc/outside.bib", "static/link.bib"])
def test_bibliography_outside_the_site_is_refused(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside.bib"
    outside.write_text("@book{secret, title={Secret}, year={2020}}\n")
    site = make_site(tmp_path / "site")
    (site / "static/link.bib").symlink_to(outside)
    if where.startswith("/"):
        where = str(outside)
    (site / "braindiet.toml").write_text(f'bibliography = "{where}"\n')
    project = load_project(site)
    assert ("braindiet.toml", None) in located(project.diagnostics, "bibliography-refused")
    assert "secret" not in project.bibliography


def test_docs_folder_symlinked_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    elsewhere = make_site(tmp_path / "elsewhere")
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(elsewhere / "docs", site / "docs")
    project = load_project(site)
    assert "docs-outside" in [d.code for d in project.diagnostics] and not project.documents
