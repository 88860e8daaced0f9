"""Chemistry: the compound table is honest, pages are checked, structures are drawn, and
`braindiet chem resolve` talks to a PubChem stand-in (never the internet)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdkit import Chem
from typer.testing import CliRunner

from braindiet.commands import chem
from braindiet.content import frontmatter
from braindiet.diagnostics import Severity
from braindiet.science.chemistry import (
    Structure,
    StructureSource,
    compound_table,
    misassigned_keys,
    resolve_structure,
    structure_svg,
)
from braindiet.science.chemistry.pubchem import LookupStatus, PubChemClient, RateLimiter

MAGNESIUM = "FYYHWMGAXLPEAU-UHFFFAOYSA-N"
DHA = "MBMBGCFOFBJSGT-KUBAVDMBSA-N"
DHA_SMILES = r"CC/C=C\C/C=C\C/C=C\C/C=C\C/C=C\C/C=C\CCC(=O)O"

# Compounds outside the shipped table, so resolve has to ask the stand-in about them.
ETHANOL = ("LFQSCWFLJHTTHZ-UHFFFAOYSA-N", "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3", "CCO")
CAFFEINE = ("RYYVLZVUVIJVGH-UHFFFAOYSA-N",
            "InChI=1S/C8H10N4O2/c1-10-4-9-6-5(10)7(13)12(3)8(14)11(6)2/h4H,1-3H3",
            "CN1C=NC2=C1C(=O)N(C(=O)N2C)C")
BENZENE = ("UHOVQNZJYSORNB-UHFFFAOYSA-N", "InChI=1S/C6H6/c1-2-4-6-5-3-1/h1-6H", "C1=CC=CC=C1")
METHANOL_KEY = "OKKJLVBELUTLKV-UHFFFAOYSA-N"
UNKNOWN_KEY = "ZZZZZZZZZZZZZZ-UHFFFAOYSA-N"

EXAMPLE_SUBSTANCE_KEYS = {
    "Magnesium": MAGNESIUM,
    "Zinc": "HCHKCACWOHOZIP-UHFFFAOYSA-N",
    "Iron": "XEEYBQQBJWHFJM-UHFFFAOYSA-N",
    "DHA": DHA,
    "Pyridoxine": "LXNHXLLTXMVWPM-UHFFFAOYSA-N",
    "Folic acid": "OVBPIULPVIDEAO-LBPRGKRZSA-N",
    "Curcumin": "VFLDPWHFBUODDF-FCXRPNKRSA-N",
    "Quercetin": "REFJWTPEDVJJIY-UHFFFAOYSA-N",
}


def codes(structure: Structure) -> list[str]:
    return [problem.code for problem in structure.problems]


# --------------------------------------------------------------------------------------------
# The compound table keeps itself honest


@pytest.mark.parametrize("compound", list(compound_table().values()),
                         ids=lambda compound: compound.name)
def test_every_table_row_reproduces_its_inchikey(compound) -> None:
    if compound.smiles:
        mol = Chem.MolFromSmiles(compound.smiles)
    else:
        mol = Chem.MolFromInchi(compound.inchi)
    assert mol is not None, f"RDKit cannot read the structure of {compound.name}"
    assert Chem.MolToInchiKey(mol) == compound.inchikey


@pytest.mark.parametrize("known", list(misassigned_keys().values()),
                         ids=lambda known: known.inchikey)
def test_every_misassigned_key_is_proven_by_its_structure(known) -> None:
    assert Chem.MolToInchiKey(Chem.MolFromSmiles(known.smiles)) == known.inchikey
    assert known.inchikey not in compound_table()
    if known.correct_inchikey:
        assert compound_table()[known.correct_inchikey].name == known.used_for


@pytest.mark.parametrize("name,key", EXAMPLE_SUBSTANCE_KEYS.items())
def test_example_substances_are_in_the_table(name: str, key: str) -> None:
    structure = resolve_structure(name, key, draw=False)
    assert structure.source is StructureSource.TABLE
    assert structure.computed_inchikey == key


def test_stand_in_compounds_are_what_the_tests_claim() -> None:
    for key, inchi, smiles in (ETHANOL, CAFFEINE, BENZENE):
        assert Chem.InchiToInchiKey(inchi) == key
        assert Chem.MolToInchiKey(Chem.MolFromSmiles(smiles)) == key
        assert key not in compound_table()
    assert Chem.MolToInchiKey(Chem.MolFromSmiles("CO")) == METHANOL_KEY


# --------------------------------------------------------------------------------------------
# Verification


def test_page_structure_matching_its_key_is_drawn_without_problems() -> None:
    structure = resolve_structure("DHA", DHA, smiles=DHA_SMILES)
    assert structure.source is StructureSource.SMILES
    assert structure.problems == ()
    assert structure.drawn


def test_inchi_on_the_page_is_used() -> None:
    structure = resolve_structure("Ethanol", ETHANOL[0], inchi=ETHANOL[1])
    assert structure.source is StructureSource.INCHI
    assert structure.formula == "C2H6O"
    assert structure.problems == ()


def test_wrong_key_on_a_page_is_an_error_and_nothing_is_drawn() -> None:
    structure = resolve_structure("Magnesium", MAGNESIUM, smiles="CCO")
    assert codes(structure) == ["inchikey-mismatch"]
    problem = structure.problems[0]
    assert problem.severity is Severity.ERROR and problem.field == "inchikey"
    assert ETHANOL[0] in problem.message
    assert not structure.drawn and structure.formula is None


def test_unparsable_smiles_is_reported() -> None:
    structure = resolve_structure("Broken", smiles="C1CC(")
    assert codes(structure) == ["smiles-invalid"]
    assert structure.problems[0].field == "smiles"
    assert not structure.drawn


def test_unparsable_inchi_is_reported() -> None:
    structure = resolve_structure("Broken", inchi="InChI=1S/not-a-formula")
    assert codes(structure) == ["inchi-invalid"]


def test_non_text_smiles_is_reported() -> None:
    assert codes(resolve_structure("Number", smiles=42)) == ["smiles-invalid"]


def test_smiles_and_inchi_that_disagree_are_reported() -> None:
    structure = resolve_structure("Mixed", smiles="CCO", inchi=BENZENE[1])
    assert codes(structure) == ["smiles-inchi-disagree"]
    assert not structure.drawn


def test_broken_page_smiles_still_falls_back_to_the_verified_table() -> None:
    structure = resolve_structure("Magnesium", MAGNESIUM, smiles="[Mg")
    assert codes(structure) == ["smiles-invalid"]
    assert structure.source is StructureSource.TABLE


@pytest.mark.parametrize("key", ["fyyhwmgaxlpeau-uhfffaoysa-n", "FYYHWMGAXLPEAU-UHFFFAOYSA",
                                 "FYYHWMGAXLPEAU-UHFFFAOYSA-NN", "FYYHWMGAXLPEA1-UHFFFAOYSA-N",
                                 12345])
def test_malformed_inchikeys_are_reported(key: object) -> None:
    structure = resolve_structure("Magnesium", key)
    assert codes(structure) == ["inchikey-malformed"]
    assert structure.problems[0].severity is Severity.ERROR
    assert not structure.drawn


def test_key_without_structure_is_info_with_a_hint_to_resolve() -> None:
    structure = resolve_structure("Caffeine", CAFFEINE[0])
    assert codes(structure) == ["structure-missing"]
    problem = structure.problems[0]
    assert problem.severity is Severity.INFO
    assert "braindiet chem resolve" in (problem.hint or "")
    assert structure.source is None


def test_existing_image_is_the_last_resort(tmp_path: Path) -> None:
    image = tmp_path / "caffeine.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    structure = resolve_structure("Caffeine", CAFFEINE[0], image_path=image)
    assert structure.source is StructureSource.IMAGE
    assert structure.image_path == image
    assert not structure.drawn and structure.formula is None
    assert codes(structure) == ["structure-missing"]
    missing = resolve_structure("Caffeine", CAFFEINE[0], image_path=tmp_path / "absent.png")
    assert missing.source is None


def test_key_known_to_encode_another_compound_is_warned_and_not_shown(tmp_path: Path) -> None:
    image = tmp_path / "wrong.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    structure = resolve_structure("Caprylic Triglyceride (Trioctanoin)",
                                  "SHZIWNPUGXLXDT-UHFFFAOYSA-N", image_path=image)
    assert codes(structure) == ["inchikey-misassigned"]
    assert "ethyl hexanoate" in structure.problems[0].message
    assert "VLPFTAMPNXLGLX-UHFFFAOYSA-N" in (structure.problems[0].hint or "")
    assert structure.source is None  # the image shows ethyl hexanoate: not published


def test_structure_without_key_suggests_the_key() -> None:
    structure = resolve_structure("Ethanol", smiles="OCC")
    assert codes(structure) == ["inchikey-missing"]
    assert ETHANOL[0] in (structure.problems[0].hint or "")
    assert structure.drawn


def test_problem_becomes_a_diagnostic_at_the_page_line() -> None:
    problem = resolve_structure("Magnesium", MAGNESIUM, smiles="CCO").problems[0]
    diagnostic = problem.to_diagnostic(Path("docs/substances/magnesium.md"), 12)
    assert diagnostic.location == "docs/substances/magnesium.md:12"
    assert diagnostic.code == "inchikey-mismatch"


def test_structure_diagnostics_point_at_the_front_matter_key() -> None:
    source = f"---\ntitle: Magnesium\ninchikey: {MAGNESIUM}\nsmiles: CCO\n---\nBody\n"
    front, _, _ = frontmatter.read(source)
    structure = resolve_structure("Magnesium", front.data["inchikey"], front.data["smiles"])
    [diagnostic] = structure.diagnostics("docs/substances/magnesium.md", front.line_of)
    assert diagnostic.location == "docs/substances/magnesium.md:3"


# --------------------------------------------------------------------------------------------
# Drawing


def test_magnesium_is_drawn_with_formula_and_weight() -> None:
    structure = resolve_structure("Magnesium", MAGNESIUM)
    assert structure.formula == "Mg"
    assert structure.molecular_weight == pytest.approx(24.305, abs=0.001)
    assert structure.weight_text == "24.30 g/mol" or structure.weight_text == "24.31 g/mol"
    assert structure.svg is not None and structure.svg.startswith("<svg ")


def test_dha_is_drawn_with_formula_and_weight() -> None:
    structure = resolve_structure("DHA (Docosahexaenoic Acid)", DHA)
    assert structure.formula == "C22H32O2"
    assert structure.molecular_weight == pytest.approx(328.49, abs=0.01)
    assert structure.smiles == Chem.MolToSmiles(Chem.MolFromSmiles(DHA_SMILES))


@pytest.mark.parametrize("key", [MAGNESIUM, DHA])
def test_drawings_are_deterministic(key: str) -> None:
    first = resolve_structure("X", key).svg
    structure_svg.cache_clear()  # draw again for real, not from the memo
    assert resolve_structure("X", key).svg == first


@pytest.mark.parametrize("key", [MAGNESIUM, DHA])
def test_drawings_follow_the_theme_colour_on_a_transparent_background(key: str) -> None:
    svg = resolve_structure("Name <&> 'quoted'", key).svg or ""
    assert "currentColor" in svg
    assert not re.search(r"#[0-9A-Fa-f]{6}", svg), "no fixed colour may remain"
    assert "<rect" not in svg and "<?xml" not in svg
    assert re.search(r"viewBox='0 0 \d+ \d+'", svg)
    assert "role='img'" in svg and "<title>Name &lt;&amp;&gt; &#x27;quoted&#x27;</title>" in svg


def test_a_lone_atom_gets_a_readable_canvas() -> None:
    svg = resolve_structure("Magnesium", MAGNESIUM).svg or ""
    width, height = map(int, re.search(r"viewBox='0 0 (\d+) (\d+)'", svg).groups())
    assert width >= 120 and height >= 80


def test_same_compound_written_differently_draws_the_same() -> None:
    a = resolve_structure("Ethanol", ETHANOL[0], smiles="CCO").svg
    b = resolve_structure("Ethanol", ETHANOL[0], smiles="OCC").svg
    c = resolve_structure("Ethanol", ETHANOL[0], inchi=ETHANOL[1]).svg
    assert a == b == c


# --------------------------------------------------------------------------------------------
# The corpus: every InChIKey is checked, most are drawn


@pytest.mark.corpus
def test_corpus_structures(corpus_root: Path) -> None:
    drawn, not_drawn, errors = 0, [], []
    for path in sorted((corpus_root / "docs" / "substances").rglob("*.md")):
        front, _, _ = frontmatter.read(path.read_text(encoding="utf-8"))
        key = front.data.get("inchikey")
        if key is None:
            continue
        structure = resolve_structure(str(front.data.get("title")), key, draw=False)
        errors += [p for p in structure.problems if p.severity is Severity.ERROR]
        if structure.source is StructureSource.TABLE:
            drawn += 1
        else:
            not_drawn.append(key)
    assert errors == []
    assert drawn >= 64
    assert set(not_drawn) <= set(misassigned_keys()) | {
        "ASARMUCNOOHMLO-WLORSUFZSA-L",  # cob(II)alamin, stereo layer not stated with certainty
        "XLPXUPOZUYGVPD-XNJYKOPJSA-N",  # (4Z)-oleacein, C3 unspecified: not the natural form
    }


# --------------------------------------------------------------------------------------------
# A PubChem stand-in: a real HTTP server on 127.0.0.1, answering as PubChem does


class StandIn:
    """Behaviour per InChIKey: ok, missing (404 fault), flaky (503 once), slow, wrong."""

    def __init__(self) -> None:
        self.behaviour: dict[str, str] = {}
        self.inchi: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.slow_seconds = 2.0
        self.url = ""

    def answer(self, key: str, behaviour: str, inchi: str | None = None) -> None:
        self.behaviour[key] = behaviour
        if inchi is not None:
            self.inchi[key] = inchi

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        match = re.fullmatch(r"/rest/pug/compound/inchikey/([A-Z-]+)/property/"
                             r"InChI,IsomericSMILES/JSON", handler.path)
        if match is None:
            return self._send(handler, 400, _fault("PUGREST.BadRequest", "bad URL"))
        key = match.group(1)
        self.requests[key] += 1
        behaviour = self.behaviour.get(key, "missing")
        if behaviour == "slow":
            time.sleep(self.slow_seconds)
        if behaviour == "flaky" and self.requests[key] == 1:
            return self._send(handler, 503, _fault("PUGREST.ServerBusy", "Too many requests"),
                              {"Retry-After": "0"})
        if behaviour == "missing":
            return self._send(handler, 404, _fault("PUGREST.NotFound", "No CID found",
                                                   ["No CID found that matches the given "
                                                    "InChI key"]))
        body = {"PropertyTable": {"Properties": [
            {"CID": 702, "InChI": self.inchi[key], "SMILES": "CCO"}]}}
        return self._send(handler, 200, body)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: object,
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout case)


def _fault(code: str, message: str, details: list[str] | None = None) -> dict[str, object]:
    fault: dict[str, object] = {"Code": code, "Message": message}
    if details:
        fault["Details"] = details
    return {"Fault": fault}


@pytest.fixture
def pubchem() -> Iterator[StandIn]:
    stand_in = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            stand_in.handle(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}/rest/pug"
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def client_for(stand_in: StandIn, cache: Path | None, **options: object) -> PubChemClient:
    settings: dict[str, object] = {"timeout": 0.5, "retries": 1, "backoff": 0.0}
    settings.update(options)
    return PubChemClient(cache, stand_in.url, **settings)  # type: ignore[arg-type]


def test_client_finds_a_compound(pubchem: StandIn, tmp_path: Path) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    with client_for(pubchem, tmp_path) as client:
        answer = client.lookup(ETHANOL[0])
    assert answer.status is LookupStatus.FOUND
    assert answer.records[0].inchi == ETHANOL[1] and answer.records[0].cid == 702
    assert answer.requests == 1 and not answer.from_cache


def test_client_reports_pubchems_not_found_fault(pubchem: StandIn, tmp_path: Path) -> None:
    with client_for(pubchem, tmp_path) as client:
        answer = client.lookup(UNKNOWN_KEY)
    assert answer.status is LookupStatus.NOT_FOUND
    assert "No CID found" in answer.message


def test_client_retries_after_503(pubchem: StandIn, tmp_path: Path) -> None:
    pubchem.answer(CAFFEINE[0], "flaky", CAFFEINE[1])
    with client_for(pubchem, tmp_path) as client:
        answer = client.lookup(CAFFEINE[0])
    assert answer.status is LookupStatus.FOUND
    assert answer.requests == 2 and pubchem.requests[CAFFEINE[0]] == 2


def test_client_reports_a_timeout_and_caches_nothing(pubchem: StandIn, tmp_path: Path) -> None:
    pubchem.answer(BENZENE[0], "slow", BENZENE[1])
    with client_for(pubchem, tmp_path, timeout=0.2, retries=0) as client:
        answer = client.lookup(BENZENE[0])
    assert answer.status is LookupStatus.FAILED
    assert "timed out" in answer.message
    assert not (tmp_path / f"{BENZENE[0]}.json").exists()


def test_cache_prevents_a_second_request(pubchem: StandIn, tmp_path: Path) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    with client_for(pubchem, tmp_path) as client:
        client.lookup(ETHANOL[0])
        client.lookup(UNKNOWN_KEY)
    with client_for(pubchem, tmp_path) as client:
        again = client.lookup(ETHANOL[0])
        still_missing = client.lookup(UNKNOWN_KEY)
    assert again.from_cache and again.records[0].inchi == ETHANOL[1]
    assert still_missing.from_cache and still_missing.status is LookupStatus.NOT_FOUND
    assert pubchem.requests == Counter({ETHANOL[0]: 1, UNKNOWN_KEY: 1})
    with client_for(pubchem, tmp_path, refresh=True) as client:
        client.lookup(ETHANOL[0])
    assert pubchem.requests[ETHANOL[0]] == 2


def test_rate_limiter_spaces_requests_at_most_five_a_second() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(5.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert slept == pytest.approx([0.2, 0.2, 0.2])
    now[0] += 1.0
    limiter.wait()
    assert len(slept) == 3  # after a pause no wait is needed


def test_client_never_exceeds_pubchems_limit() -> None:
    client = PubChemClient(None, "http://127.0.0.1:9", per_second=50)
    try:
        assert client._limiter.per_second == 5.0
    finally:
        client.close()


# --------------------------------------------------------------------------------------------
# `braindiet chem resolve`


def write_page(site: Path, name: str, key: str, extra: str = "", newline: str = "\n") -> Path:
    path = site / "docs" / "substances" / f"{name.lower()}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {name}", "tags:", "  - Substance", f"  - {name}",
             f"inchikey: {key}", *([extra] if extra else []), "---", "", f"# {name}", "",
             "Body text.", ""]
    path.write_bytes(newline.join(lines).encode())
    return path


def run_resolve(site: Path, stand_in: StandIn, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(chem.app, [
        "resolve", str(site), "--base-url", stand_in.url, "--timeout", "0.5",
        "--retries", "1", "--backoff", "0", *options])
    return result.exit_code, result.output


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    return root


def test_resolve_without_write_shows_the_change_and_leaves_files_alone(
        site: Path, pubchem: StandIn) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    page = write_page(site, "Ethanol", ETHANOL[0])
    before = page.read_bytes()
    code, output = run_resolve(site, pubchem)
    assert code == 0, output
    assert f"+inchi: {ETHANOL[1]}" in output and "would write" in output
    assert page.read_bytes() == before


def test_resolve_write_adds_exactly_one_front_matter_line(site: Path, pubchem: StandIn) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    page = write_page(site, "Ethanol", ETHANOL[0])
    before = page.read_text()
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 0, output
    after = page.read_text()
    diff = frontmatter.unified_diff(before, after, "page.md").splitlines()
    changed = [line for line in diff[2:] if line[:1] in "+-"]
    assert changed == [f"+inchi: {ETHANOL[1]}"]
    front, _, _ = frontmatter.read(after)
    assert front.data["inchi"] == ETHANOL[1]
    assert resolve_structure("Ethanol", ETHANOL[0], inchi=front.data["inchi"]).problems == ()


def test_resolve_uses_its_cache_on_the_second_run(site: Path, pubchem: StandIn) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    write_page(site, "Ethanol", ETHANOL[0])
    run_resolve(site, pubchem)
    code, output = run_resolve(site, pubchem)
    assert code == 0 and "(cached)" in output
    assert pubchem.requests[ETHANOL[0]] == 1
    assert (site / ".braindiet-cache" / "pubchem" / f"{ETHANOL[0]}.json").is_file()


def test_resolve_reports_not_found(site: Path, pubchem: StandIn) -> None:
    page = write_page(site, "Mystery", UNKNOWN_KEY)
    before = page.read_bytes()
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 0
    assert "pubchem-not-found" in output and "No CID found" in output
    assert "docs/substances/mystery.md:6" in output
    assert page.read_bytes() == before


def test_resolve_retries_after_503(site: Path, pubchem: StandIn) -> None:
    pubchem.answer(CAFFEINE[0], "flaky", CAFFEINE[1])
    page = write_page(site, "Caffeine", CAFFEINE[0])
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 0, output
    assert pubchem.requests[CAFFEINE[0]] == 2
    assert f"inchi: {CAFFEINE[1]}" in page.read_text()


def test_resolve_reports_a_timeout(site: Path, pubchem: StandIn) -> None:
    pubchem.answer(BENZENE[0], "slow", BENZENE[1])
    page = write_page(site, "Benzene", BENZENE[0])
    before = page.read_bytes()
    code, output = run_resolve(site, pubchem, "--write", "--retries", "0")
    assert code == 1
    assert "pubchem-failed" in output and "timed out" in output
    assert page.read_bytes() == before


def test_resolve_refuses_an_inchi_that_does_not_reproduce_the_key(
        site: Path, pubchem: StandIn) -> None:
    pubchem.answer(METHANOL_KEY, "ok", ETHANOL[1])  # a wrong answer
    page = write_page(site, "Methanol", METHANOL_KEY)
    before = page.read_bytes()
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 1 and "pubchem-mismatch" in output
    assert page.read_bytes() == before


def test_resolve_skips_pages_braindiet_can_already_draw(site: Path, pubchem: StandIn) -> None:
    write_page(site, "Magnesium", MAGNESIUM)  # in the table
    write_page(site, "Ethanol", ETHANOL[0], extra="smiles: CCO")
    write_page(site, "Tricaprylin", "SHZIWNPUGXLXDT-UHFFFAOYSA-N")  # key of ethyl hexanoate
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 0 and "nothing to ask PubChem" in output
    assert sum(pubchem.requests.values()) == 0


def test_resolve_keeps_crlf_pages_crlf(site: Path, pubchem: StandIn) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    page = write_page(site, "Ethanol", ETHANOL[0], newline="\r\n")
    before = page.read_bytes()
    run_resolve(site, pubchem, "--write")
    after = page.read_bytes()
    assert f"inchi: {ETHANOL[1]}\r\n".encode() in after
    assert after.replace(f"inchi: {ETHANOL[1]}\r\n".encode(), b"") == before


def test_resolve_write_on_a_bom_crlf_page_keeps_bom_crlf_and_comments(
        site: Path, pubchem: StandIn) -> None:
    pubchem.answer(ETHANOL[0], "ok", ETHANOL[1])
    page = write_page(site, "Ethanol", ETHANOL[0], extra="# reviewed by hand",
                      newline="\r\n")
    page.write_bytes("\ufeff".encode() + page.read_bytes())
    before = page.read_bytes()
    code, output = run_resolve(site, pubchem, "--write")
    assert code == 0, output
    after = page.read_bytes()
    assert after.replace(f"inchi: {ETHANOL[1]}\r\n".encode(), b"") == before
    assert after.startswith("\ufeff---\r\n".encode())
