"""`braindiet serve`: build, serve on 127.0.0.1, rebuild on every save, reload the open tab.

The watcher runs in a thread; after each rebuild it bumps a version number that every open tab
follows through a server-sent-events stream (`/__braindiet/events`). A page whose source has
problems shows them at the top, so an author sees the mistake where they made it; a rebuild that
fails outright keeps the last good site and prints why.

It answers only requests addressed to it by name (Host: 127.0.0.1, localhost or [::1], with its
port), so a web page the author visits cannot reach it through DNS rebinding. Every response
carries `X-Content-Type-Options: nosniff` and a Content-Security-Policy that lets a page run
only its own head scripts and the site's script files. Files are read whole before the answer
starts: rebuilds replace them by renaming, so each answer is one complete version of the file,
and Content-Length always matches the body.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import mimetypes
import posixpath
import re
import threading
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from watchfiles import watch

EVENTS_PATH = "/__braindiet/events"
PROBLEMS_PATH = "/__braindiet/problems"
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
# Pagefind runs WebAssembly; the nutrition bars set their width in a style attribute.
_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
_HEAD = re.compile(rb"<head>(.*?)</head>", re.DOTALL | re.IGNORECASE)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
mimetypes.add_type("application/wasm", ".wasm")


@dataclass(slots=True)
class LiveState:
    """The build version the open tabs follow; bumped after each successful rebuild."""

    version: int = 0
    condition: threading.Condition = field(default_factory=threading.Condition)

    def bump(self) -> None:
        with self.condition:
            self.version += 1
            self.condition.notify_all()

    def wait_newer(self, seen: int, timeout: float) -> int:
        with self.condition:
            self.condition.wait_for(lambda: self.version > seen, timeout=timeout)
            return self.version


def make_app(output: Path, state: LiveState,
             problems: Callable[[], list[dict[str, object]]] = list,
             port: int | None = None, host: str = "127.0.0.1") -> ASGIApp:
    """The dev server's app: `port` (None: any) and `host` name what a request's Host may say."""
    async def events(request: Request) -> StreamingResponse:
        async def stream() -> AsyncIterator[str]:
            seen = state.version
            yield f"retry: 500\ndata: {seen}\n\n"
            while not await request.is_disconnected():
                newer = await asyncio.to_thread(state.wait_newer, seen, 10.0)
                if newer > seen:
                    seen = newer
                    yield f"event: reload\ndata: {seen}\n\n"
                else:
                    yield ": keep-alive\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    async def problem_list(request: Request) -> JSONResponse:
        return JSONResponse(problems(), headers={"Cache-Control": "no-store"})

    async def site_file(request: Request) -> Response:
        return await asyncio.to_thread(file_response, output, request.url.path,
                                       request.url.query, request.method == "HEAD")

    app = Starlette(routes=[
        Route(EVENTS_PATH, events),
        Route(PROBLEMS_PATH, problem_list),
        Route("/{path:path}", site_file, methods=["GET", "HEAD"]),
    ])
    names = LOCAL_NAMES | ({host} if host not in ("0.0.0.0", "::", "") else set())
    return LocalOnly(app, names, port)


class LocalOnly:
    """Answer only requests whose Host names this server; add the security headers."""

    def __init__(self, app: ASGIApp, names: frozenset[str] | set[str], port: int | None) -> None:
        self.app, self.names, self.port = app, frozenset(names), port

    def allowed(self, host: str) -> bool:
        name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
        if not name:  # no port given: only right when the server is on port 80
            name, port = host, "80"
        return name.lower() in self.names and (self.port is None or port == str(self.port))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if not self.allowed(host):
            response = Response("unknown Host: this server only answers 127.0.0.1 and "
                                "localhost\n", status_code=421, media_type="text/plain")
            await response(scope, receive, self._secured(send))
            return
        await self.app(scope, receive, self._secured(send))

    @staticmethod
    def _secured(send: Send) -> Send:
        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", _POLICY.format(hashes="").encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        return secured


def file_response(output: Path, url_path: str, query: str, head: bool) -> Response:
    """One file of the built site, read whole (one consistent version), or the 404 page."""
    relative = posixpath.normpath("/" + url_path).lstrip("/")
    path = output / relative
    try:
        if "\0" in relative:
            raise FileNotFoundError(url_path)
        if path.is_dir():
            if not url_path.endswith("/"):
                target = url_path + "/" + (f"?{query}" if query else "")
                return RedirectResponse(target, status_code=307)
            path = path / "index.html"
        if output.resolve() not in path.resolve().parents:
            raise FileNotFoundError(url_path)
        with path.open("rb") as stream:
            data, status = stream.read(), 200
    except (OSError, ValueError):
        path, status = output / "404.html", 404
        try:
            data = path.read_bytes()
        except OSError:
            data = b"not found\n"
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media_type.startswith("text/") or media_type in ("application/json", "image/svg+xml"):
        media_type += "; charset=utf-8"
    headers = {"cache-control": "no-cache"}
    if media_type.startswith("text/html"):
        headers["content-security-policy"] = page_policy(data)
    response = Response(b"" if head else data, status_code=status, media_type=media_type,
                        headers=headers)
    response.headers["content-length"] = str(len(data))
    return response


def page_policy(html: bytes) -> str:
    """The CSP for one page: its own head scripts (the theme switch, the reload hook) run,
    inline scripts in the body (an author's raw HTML) do not."""
    head = _HEAD.search(html)
    scripts = _INLINE_SCRIPT.findall(head.group(1)) if head else []
    hashes = "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'"
                     for s in scripts)
    return _POLICY.format(hashes=hashes)


def watch_and_rebuild(paths: list[Path], rebuild: Callable[[set[Path]], None],
                      stop: threading.Event) -> None:
    for changes in watch(*paths, stop_event=stop, debounce=50, step=20,
                         watch_filter=_interesting):
        changed = {Path(path) for _, path in changes}
        try:
            rebuild(changed)
        except Exception:  # a bug in a rebuild must not take the server down
            traceback.print_exc()


def _interesting(change: object, path: str) -> bool:
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp"))
                or "/.braindiet-cache" in path or "/__pycache__" in path)


def serve(output: Path, watch_paths: list[Path], rebuild: Callable[[set[Path]], None],
          host: str = "127.0.0.1", port: int = 8000,
          problems: Callable[[], list[dict[str, object]]] = list,
          after_reload: Callable[[], None] | None = None) -> None:
    state = LiveState()
    stop = threading.Event()

    def rebuild_and_reload(changed: set[Path]) -> None:
        rebuild(changed)
        state.bump()
        if after_reload is not None:
            after_reload()

    watcher = threading.Thread(target=watch_and_rebuild, daemon=True,
                               args=(watch_paths, rebuild_and_reload, stop))
    watcher.start()
    config = uvicorn.Config(make_app(output, state, problems, port=port, host=host), host=host,
                            port=port, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    try:
        server.run()
    finally:
        stop.set()
