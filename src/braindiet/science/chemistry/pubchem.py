"""A small PubChem PUG REST client: InChIKey -> InChI and SMILES, cached on disk.

Network use is optional and polite: at most five requests a second (PubChem's published
limit), retries with exponential backoff on 429 and 5xx answers (honouring `Retry-After`) and on
timeouts, and every definite answer — found or not found — cached as one JSON file per key, so a
key is asked at most once. Failures (timeouts, exhausted retries) are not cached.

The base URL is a parameter so tests point the client at a local stand-in server.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

DEFAULT_BASE_URL = "https://pubchem.ncbi.nlm.nih.gov/rest/pug"
MAX_REQUESTS_PER_SECOND = 5.0  # https://pubchem.ncbi.nlm.nih.gov/docs/programmatic-access
PROPERTIES = "InChI,IsomericSMILES"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 60.0
USER_AGENT = "braindiet (knowledge-base builder; https://pypi.org/project/braindiet/)"


class LookupStatus(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not-found"
    FAILED = "failed"  # no definite answer: network trouble, server errors, odd replies


@dataclass(frozen=True, slots=True)
class PubChemRecord:
    cid: int | None
    inchi: str | None
    smiles: str | None


@dataclass(frozen=True, slots=True)
class PubChemAnswer:
    inchikey: str
    status: LookupStatus
    records: tuple[PubChemRecord, ...] = ()
    message: str = ""
    from_cache: bool = False
    requests: int = 0  # HTTP requests this lookup made

    def to_json(self) -> dict[str, Any]:
        return {"inchikey": self.inchikey, "status": str(self.status), "message": self.message,
                "records": [{"cid": r.cid, "inchi": r.inchi, "smiles": r.smiles}
                            for r in self.records]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PubChemAnswer:
        records = tuple(PubChemRecord(r.get("cid"), r.get("inchi"), r.get("smiles"))
                        for r in data.get("records", []))
        return cls(data["inchikey"], LookupStatus(data["status"]), records,
                   data.get("message", ""), from_cache=True)


@dataclass(slots=True)
class RateLimiter:
    """Spaces request starts at least 1/per_second apart."""

    per_second: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next_start: float = field(default=float("-inf"), init=False)

    def wait(self) -> None:
        now = self.clock()
        if now < self._next_start:
            self.sleep(self._next_start - now)
            now = self._next_start
        self._next_start = now + 1.0 / self.per_second


class PubChemClient:
    """Look InChIKeys up on PubChem; use as a context manager so the connection is closed."""

    def __init__(self, cache_dir: Path | None = None, base_url: str = DEFAULT_BASE_URL, *,
                 per_second: float = MAX_REQUESTS_PER_SECOND, timeout: float = 10.0,
                 retries: int = 3, backoff: float = 1.0, refresh: bool = False,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None) -> None:
        if per_second <= 0 or timeout <= 0 or retries < 0 or backoff < 0:
            raise ValueError("per_second and timeout must be positive, retries and backoff >= 0")
        self.cache_dir = cache_dir
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.refresh = refresh
        self._sleep = sleep
        self._limiter = RateLimiter(min(per_second, MAX_REQUESTS_PER_SECOND), clock, sleep)
        self._http = httpx.Client(timeout=httpx.Timeout(timeout), transport=transport,
                                  headers={"User-Agent": USER_AGENT,
                                           "Accept": "application/json"})

    def __enter__(self) -> PubChemClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def url_for(self, inchikey: str) -> str:
        return f"{self.base_url}/compound/inchikey/{quote(inchikey)}/property/{PROPERTIES}/JSON"

    def lookup(self, inchikey: str) -> PubChemAnswer:
        """PubChem's records for a key: from the cache when it has answered before."""
        if not self.refresh:
            cached = self._read_cache(inchikey)
            if cached is not None:
                return cached
        answer = self._fetch(inchikey)
        if answer.status is not LookupStatus.FAILED:
            self._write_cache(answer)
        return answer

    # -- HTTP ---------------------------------------------------------------------------------

    def _fetch(self, inchikey: str) -> PubChemAnswer:
        url = self.url_for(inchikey)
        problem, told_to_wait = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, told_to_wait))
            self._limiter.wait()
            told_to_wait = None
            try:
                response = self._http.get(url)
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
                continue
            if response.status_code in RETRY_STATUSES:
                problem = f"HTTP {response.status_code}"
                told_to_wait = _retry_after(response)
                continue
            return _answer(inchikey, response, requests=attempt + 1)
        tries = self.retries + 1
        return PubChemAnswer(inchikey, LookupStatus.FAILED,
                             message=f"{problem} after {tries} attempt{'s' * (tries != 1)}",
                             requests=tries)

    def _delay(self, attempt: int, told_to_wait: float | None) -> float:
        """Seconds before retry `attempt` (1-based): the server's Retry-After, else backoff."""
        if told_to_wait is not None:
            return min(told_to_wait, MAX_RETRY_AFTER_S)
        return float(self.backoff * 2 ** (attempt - 1))

    # -- cache --------------------------------------------------------------------------------

    def _cache_file(self, inchikey: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{inchikey}.json"

    def _read_cache(self, inchikey: str) -> PubChemAnswer | None:
        path = self._cache_file(inchikey)
        if path is None or not path.is_file():
            return None
        try:
            answer = PubChemAnswer.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged cache entry is asked again and overwritten
        return answer if answer.inchikey == inchikey else None

    def _write_cache(self, answer: PubChemAnswer) -> None:
        path = self._cache_file(answer.inchikey)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(answer.to_json(), indent=2, sort_keys=True) + "\n"
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)  # readers never see half a file


def _answer(inchikey: str, response: httpx.Response, requests: int) -> PubChemAnswer:
    if response.status_code == 404:
        return PubChemAnswer(inchikey, LookupStatus.NOT_FOUND, message=_fault(response),
                             requests=requests)
    if response.status_code != 200:
        return PubChemAnswer(inchikey, LookupStatus.FAILED,
                             message=f"HTTP {response.status_code}: {_fault(response)}",
                             requests=requests)
    try:
        properties = response.json()["PropertyTable"]["Properties"]
        records = tuple(_record(item) for item in properties)
    except (ValueError, KeyError, TypeError, AttributeError):
        return PubChemAnswer(inchikey, LookupStatus.FAILED,
                             message="PubChem's answer is not the expected JSON",
                             requests=requests)
    if not any(record.inchi for record in records):
        return PubChemAnswer(inchikey, LookupStatus.NOT_FOUND, records,
                             "PubChem has no InChI for this key", requests=requests)
    return PubChemAnswer(inchikey, LookupStatus.FOUND, records, requests=requests)


def _record(item: dict[str, Any]) -> PubChemRecord:
    # PubChem renamed IsomericSMILES to SMILES in 2025; accept both spellings.
    smiles = item.get("SMILES") or item.get("IsomericSMILES") or item.get("CanonicalSMILES")
    cid = item.get("CID")
    return PubChemRecord(int(cid) if cid is not None else None, item.get("InChI"), smiles)


def _fault(response: httpx.Response) -> str:
    """PubChem's own explanation: {"Fault": {"Code", "Message", "Details": [...]}}."""
    try:
        fault = response.json()["Fault"]
        parts = [str(fault.get("Message", "")).strip(),
                 *(str(d).strip() for d in fault.get("Details", []))]
    except (ValueError, KeyError, TypeError, AttributeError):
        return response.reason_phrase or "no explanation given"
    return "; ".join(p for p in parts if p) or str(fault.get("Code", "no explanation given"))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # HTTP-date form: fall back to our own backoff
