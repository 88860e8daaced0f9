"""Issue 15, no corrupted page: `--write` keeps every byte it does not mean to change, writes
atomically, and never overwrites an edit made meanwhile."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from braindiet.content import frontmatter, rewrite
from braindiet.project import load_project

BOM = "\ufeff"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_nutrition_match_write_on_a_bom_page_keeps_bom_and_front_matter(
        tmp_path: Path, cache_dir: Path, newline: str) -> None:
    from braindiet.commands.nutrition import app

    lines = ["---", "title: Almonds", "# a comment the author keeps", "tags: [Magnesium]", "---",
             "", "Almonds are seeds.", ""]
    page = tmp_path / "docs/foods/almonds.md"
    page.parent.mkdir(parents=True)
    page.write_bytes((BOM + newline.join(lines)).encode("utf-8"))
    before = page.read_bytes()
    result = CliRunner().invoke(app, ["match", str(tmp_path), "--write", "--cache-dir",
                                      str(cache_dir)])
    assert result.exit_code == 0, result.output
    after = page.read_bytes()
    assert after.startswith(BOM.encode() + b"---" + newline.encode())
    assert after.count(b"---") == 2  # one front-matter block, not a second one before the BOM
    kept = [line for line in after.split(newline.encode()) if not line.startswith(b"  ")
            and not line.startswith(b"nutrition_source")]
    assert kept == before.split(newline.encode())  # every other line, byte for byte
    almonds = next(d for d in load_project(tmp_path).documents if d.title == "Almonds")
    assert almonds.front.data["nutrition_source"]["record"] == "Nuts, almonds"
    assert almonds.tags == ["Magnesium"]


def test_rewrite_on_a_full_disk_leaves_the_page_as_it_was(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"---\ntitle: A\n---\nBody.\n")
    before = page.read_text()

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(rewrite.os, "fsync", full_disk)
    with pytest.raises(OSError):
        rewrite.replace_text(page, before, frontmatter.set_key(before, "inchi", "InChI=1S/Mg"))
    assert page.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]  # no temporary file left


def test_rewrite_refuses_a_page_edited_since_it_was_read(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: A\n---\n")
    before = rewrite.read_exact(page)
    page.write_text("---\ntitle: A, edited in the editor\n---\n")
    with pytest.raises(rewrite.PageChanged):
        rewrite.replace_text(page, before, frontmatter.set_key(before, "inchi", "x"))
    assert "edited in the editor" in page.read_text()


def test_rewrite_keeps_the_page_mode(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: A\n---\n")
    page.chmod(0o640)
    before = rewrite.read_exact(page)
    rewrite.replace_text(page, before, frontmatter.set_key(before, "inchi", "x"))
    assert page.stat().st_mode & 0o777 == 0o640


lines = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\ufeff"),
                max_size=30)
yaml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
                                  blacklist_characters="\ufeff\x85"), max_size=30)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(bom=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]),
       body=st.lists(lines, max_size=6), comment=yaml_text)
def test_set_key_changes_only_its_own_lines(bom: bool, newline: str, body: list[str],
                                            comment: str) -> None:
    source = (BOM if bom else "") + newline.join(
        ["---", "title: Page", f"# {comment}", "---", *body, ""])
    after = frontmatter.set_key(source, "inchi", "InChI=1S/Mg")
    assert after.startswith(BOM) == bom
    assert after.replace(f"inchi: InChI=1S/Mg{newline}", "") == source
    front, _, _ = frontmatter.read(after)
    assert front.data["inchi"] == "InChI=1S/Mg" and front.data["title"] == "Page"
