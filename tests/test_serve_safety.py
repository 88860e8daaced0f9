"""Issue 15, the dev server: local names only, security headers, never a truncated answer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.conftest import PROJECT_ROOT

from braindiet.site.serve import LiveState, make_app


@pytest.fixture(scope="module")
def client(example_site: Path) -> TestClient:
    return TestClient(make_app(example_site, LiveState(), port=8123),
                      base_url="http://127.0.0.1:8123")


@pytest.mark.parametrize("host", ["127.0.0.1:8123", "localhost:8123", "LOCALHOST:8123",
                                  "[::1]:8123"])
def test_dev_server_answers_its_own_names(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8123", "127.0.0.1:9999",
                                  "127.0.0.1.attacker.example:8123", "localhost", ""])
def test_dev_server_refuses_other_hosts_against_dns_rebinding(client: TestClient,
                                                              host: str) -> None:
    for path in ("/", "/__braindiet/problems", "/api/index.json"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 421 and b"<html" not in response.content


def test_dev_server_sends_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/index.json", "/no/such/page/"):
        headers = client.get(path, headers={"Host": "127.0.0.1:8123"}).headers
        assert headers["x-content-type-options"] == "nosniff"
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_dev_server_never_serves_files_outside_the_site(client: TestClient) -> None:
    for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/docs/%00"):
        response = client.get(path, headers={"Host": "127.0.0.1:8123"})
        assert b"root:" not in response.content and response.status_code == 404


def test_dev_server_content_length_matches_the_body(client: TestClient) -> None:
    for path in ("/", "/docs/foods/spinach/", "/sitemap.xml"):
        response = client.get(path, headers={"Host": "127.0.0.1:8123"})
        assert int(response.headers["content-length"]) == len(response.content) > 0


def test_dev_server_under_load_with_edits_never_truncates() -> None:
    """The short version of scripts/serve_load.py: a page edited every 0.3 s while read."""
    completed = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts/serve_load.py"), "--requests", "800",
         "--clients", "4", "--edit-every", "0.3", "--seconds", "120", "--json"],
        capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    figures = json.loads(completed.stdout)
    assert figures["requests"] >= 800 and figures["errors"] == 0, figures
    assert figures["truncated"] == 0 and figures["foreign_host_refused"] is True
    assert figures["edits"] > 0 and figures["edited_pages_seen"] > 0  # it did rebuild meanwhile
