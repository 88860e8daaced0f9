"""Issue 15, hostile input: every case that crashed or hung becomes a diagnostic with file:line."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.hostile import codes, located, make_site, tree

from braindiet.checks import run_checks
from braindiet.content import frontmatter
from braindiet.project import load_project
from braindiet.site.build import build


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a hang is what the alias bomb used to cause."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def built(site: Path, out: Path) -> list[object]:
    with deadline(120):
        return build(site, out, search=False).diagnostics


def test_empty_tags_yml_builds(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"docs/tags.yml": ""})
    built(site, tmp_path / "out")
    assert (tmp_path / "out/docs/foods/spinach/index.html").is_file()


def test_comment_only_tags_yml_builds(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"docs/tags.yml": "# no tags yet\n\n# none\n"})
    built(site, tmp_path / "out")
    assert (tmp_path / "out/docs/substances/magnesium/index.html").is_file()


def test_inchi_image_42_is_a_schema_error_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/substances/zinc.md": "---\ntitle: Zinc\ninchi_image: 42\n---\nZinc.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/substances/zinc.md", 3) in located(diagnostics, "schema")
    assert (tmp_path / "out/docs/substances/zinc/index.html").is_file()


def test_300_character_list_image_is_reported_not_a_crash(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/kale.md": f"---\ntitle: Kale\nlist_image: /img/{'k' * 300}.png\n---\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/kale.md", 3) in located(diagnostics, "image-missing")


def test_500_deep_nested_list_in_the_body_builds(tmp_path: Path) -> None:
    body = "".join("  " * depth + "- item\n" for depth in range(500))
    site = make_site(tmp_path / "site", {"docs/foods/deep.md": f"---\ntitle: Deep\n---\n{body}"})
    built(site, tmp_path / "out")
    assert (tmp_path / "out/docs/foods/deep/index.html").is_file()


def test_500_deep_nested_list_in_front_matter_is_an_error_with_its_line(tmp_path: Path) -> None:
    nested = "[" * 500 + "]" * 500
    site = make_site(tmp_path / "site", {
        "docs/foods/deep.md": f"---\ntitle: Deep\nextra: {nested}\n---\nBody.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/deep.md", 3) in located(diagnostics, "yaml-invalid")
    assert (tmp_path / "out/docs/foods/spinach/index.html").is_file()  # the rest is built


def test_recursive_yaml_alias_is_an_error_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/loop.md": "---\ntitle: Loop\nfoo: &a [*a]\n---\nBody.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/loop.md", 3) in located(diagnostics, "yaml-invalid")


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")  # 9^7 values
    site = make_site(tmp_path / "site", {
        "docs/foods/bomb.md": "---\ntitle: Bomb\n" + "\n".join(lines) + "\n---\nBoom.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert [file for file, _ in located(diagnostics, "yaml-invalid")] == ["docs/foods/bomb.md"]


def test_recursive_alias_in_tags_yml_is_an_error_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"docs/tags.yml": "A:\n  label: &x [*x]\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/tags.yml", 2) in located(diagnostics, "tags-invalid")


def test_nul_byte_in_slug_is_an_error_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/nul.md": "---\ntitle: Nul\nslug: \"/a\\0b\"\n---\nBody.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/nul.md", 3) in located(diagnostics, "yaml-value")
    assert not any("\0" in name for name in tree(tmp_path / "out"))


def test_raw_nul_byte_in_front_matter_is_an_error_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/nul.md": b"---\ntitle: Nul\nslug: a\x00b\n---\nBody.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/nul.md", 3) in located(diagnostics, "yaml-invalid")


def test_numbers_that_are_not_finite_are_rejected(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/recipes/soup.md": "---\ntitle: Soup\nservings: .inf\nsidebar_position: .nan\n"
                                "weight: 1.0e+999\n---\nSoup.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert sorted(located(diagnostics, "yaml-value")) == [
        ("docs/recipes/soup.md", 3), ("docs/recipes/soup.md", 4), ("docs/recipes/soup.md", 5)]
    assert (tmp_path / "out/docs/recipes/soup/index.html").is_file()


def test_a_number_too_long_to_convert_is_rejected() -> None:
    front = frontmatter.parse("servings: " + "9" * 5000 + "\n", first_line=2)
    assert front.data["servings"] is None and front.problems[0][0] == 2


def test_over_long_tag_is_reported_and_dropped(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/kale.md": f"---\ntitle: Kale\ntags:\n  - Magnesium\n  - {'é' * 150}\n---\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/kale.md", 5) in located(diagnostics, "tag-too-long")
    assert (tmp_path / "out/docs/tags/magnesium/index.html").is_file()


def test_invalid_utf8_page_is_reported_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/bad.md": b"---\ntitle: Bad\n---\n\nline four \xff\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/bad.md", 5) in located(diagnostics, "unreadable")


def test_bom_page_keeps_its_front_matter(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/bom.md": "\ufeff---\r\ntitle: Bommed Kale\r\ntags: [Magnesium]\r\n---\r\n"
                             "\r\nGreen.\r\n"})
    project = load_project(site)
    page = next(d for d in project.documents if d.site_path == "docs/foods/bom.md")
    assert page.title == "Bommed Kale" and page.tags == ["Magnesium"]
    assert page.line_of("tags") == 3


def test_javascript_permalink_in_tags_yml_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/tags.yml": "Magnesium:\n  label: Magnesium\n  permalink: javascript:alert(1)\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/tags.yml", 3) in located(diagnostics, "tags-permalink-unsafe")
    page = (tmp_path / "out/docs/foods/spinach/index.html").read_text(encoding="utf-8")
    assert "javascript:" not in page and "/docs/tags/magnesium" in page


@pytest.mark.parametrize("field", ["list_image", "inchi_image"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/svg+xml,<svg onload=x>"])
def test_javascript_and_data_urls_in_image_fields_are_refused(tmp_path: Path, field: str,
                                                              url: str) -> None:
    site = make_site(tmp_path / "site", {
        "docs/substances/zinc.md": f"---\ntitle: Zinc\n{field}: '{url}'\n---\nZinc.\n"})
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/substances/zinc.md", 3) in located(diagnostics, "schema")
    pages = b"".join(data for name, data in tree(tmp_path / "out").items()
                     if name.endswith(".html"))
    assert url.encode() not in pages  # (the JSON API keeps the front matter, as data)


def test_timestamp_out_of_range_is_an_error_with_the_page(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/date.md": "---\ntitle: Date\nreviewed: 2026-13-45\n---\n"})
    diagnostics = built(site, tmp_path / "out")
    assert [f for f, _ in located(diagnostics, "yaml-invalid")] == ["docs/foods/date.md"]


def test_fifo_in_docs_does_not_hang_the_build(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    os.mkfifo(site / "docs/foods/pipe.md")
    diagnostics = built(site, tmp_path / "out")
    assert ("docs/foods/pipe.md", None) in located(diagnostics, "file-refused")


def test_check_warns_about_scripts_event_handlers_and_javascript_links(tmp_path: Path) -> None:
    body = ("Intro.\n\n<script>alert(1)</script>\n\n<img src=\"/img/leaf.svg\" "
            "onerror=\"alert(2)\">\n\nSee <a href=\"javascript:alert(3)\">this</a>.\n")
    site = make_site(tmp_path / "site", {"docs/foods/xss.md": f"---\ntitle: X\n---\n{body}"})
    found = run_checks(load_project(site))
    assert located(found, "html-script") == [("docs/foods/xss.md", 6)]
    assert located(found, "html-event-handler") == [("docs/foods/xss.md", 8)]
    assert located(found, "html-javascript-url") == [("docs/foods/xss.md", 10)]
    assert all(d.severity == "warning" for d in found if d.code.startswith("html-"))


def test_sanitize_setting_removes_scripts_handlers_and_javascript_links(tmp_path: Path) -> None:
    body = ("<div class=\"note\" data-x=\"1\">Kept <strong>markup</strong></div>\n\n"
            "<script>alert(1)</script>\n\n<img src=\"/img/leaf.svg\" onerror=\"alert(2)\">\n\n"
            "See <a href=\"javascript:alert(3)\">this</a>.\n")
    extra = {"docs/foods/xss.md": f"---\ntitle: X\n---\n{body}"}
    as_written = make_site(tmp_path / "plain", extra)
    sanitized = make_site(tmp_path / "clean", {**extra, "braindiet.toml": "sanitize = true\n"})
    built(as_written, tmp_path / "out-plain")
    built(sanitized, tmp_path / "out-clean")
    plain = (tmp_path / "out-plain/docs/foods/xss/index.html").read_text(encoding="utf-8")
    clean = (tmp_path / "out-clean/docs/foods/xss/index.html").read_text(encoding="utf-8")
    assert "alert(1)" in plain and "onerror" in plain  # the default publishes what authors wrote
    for active in ("alert(1)", "onerror", "javascript:"):
        assert active not in clean
    assert '<div class="note" data-x="1">Kept <strong>markup</strong></div>' in clean
    assert 'src="/img/leaf.svg"' in clean


def test_sanitize_must_be_a_boolean(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"braindiet.toml": 'sanitize = "yes"\n'})
    assert "config-invalid" in codes(load_project(site).diagnostics, "braindiet.toml")


def test_over_long_file_name_is_reported_and_the_rest_builds(tmp_path: Path) -> None:
    name = "k" * 240 + ".md"
    site = make_site(tmp_path / "site", {f"docs/foods/{name}": "---\ntitle: Long\n---\n"})
    diagnostics = built(site, tmp_path / "out")
    assert (f"docs/foods/{name}", None) in located(diagnostics, "name-unusable")
    assert (tmp_path / "out/docs/foods/spinach/index.html").is_file()


def test_bom_in_braindiet_toml_is_not_a_setting(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"braindiet.toml": '\ufefftitle = "Bommed"\n'})
    project = load_project(site)
    assert project.config.title == "Bommed" and not codes(project.diagnostics, "braindiet.toml")


def test_tag_permalink_outside_docs_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/tags.yml": "Magnesium:\n  label: Magnesium\n  permalink: /../../api/index.json\n"})
    diagnostics = built(site, tmp_path / "out")
    assert located(diagnostics, "tags-permalink-unsafe") == [("docs/tags.yml", 3)]
    assert (tmp_path / "out/api/index.json").is_file()


def test_an_entity_encoded_javascript_url_is_still_found(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "docs/foods/x.md": "---\ntitle: X\n---\n\n<a href=\"&#106;avascript:alert(1)\">x</a>\n"})
    diagnostics = built(site, tmp_path / "out")
    assert located(diagnostics, "html-javascript-url") == [("docs/foods/x.md", 5)]
