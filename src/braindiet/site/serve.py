"""`braindiet serve`: build, serve on 127.0.0.1, rebuild on every save, reload the open tab.

The watcher runs in a thread; after each rebuild it bumps a version number that every open tab
follows through a server-sent-events stream (`/__braindiet/events`). A page whose source has
problems shows them at the top, so an author sees the mistake where they made it; a rebuild that
fails outright keeps the last good site and prints why.
"""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from watchfiles import watch

EVENTS_PATH = "/__braindiet/events"
PROBLEMS_PATH = "/__braindiet/problems"


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
             problems: Callable[[], list[dict[str, object]]] = list) -> Starlette:
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

    return Starlette(routes=[
        Route(EVENTS_PATH, events),
        Route(PROBLEMS_PATH, problem_list),
        Mount("/", app=StaticFiles(directory=output, html=True, check_dir=False)),
    ])


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
    config = uvicorn.Config(make_app(output, state, problems), host=host, port=port,
                            log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    try:
        server.run()
    finally:
        stop.set()
