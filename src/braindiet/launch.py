"""The `braindiet` command's entry point: hand `build` and `check` to a warm build server when
one is running, else run the command here and leave a server behind for the next one.

Most of an edit-sized build is Python starting and importing braindiet (about half a second
on the Dec-2025 corpus, more than the work itself). A build server pays that once: it imports
everything, then forks a fresh child for each command, which inherits the imports but nothing
of any earlier build, so a command served gives what it would give run here, byte for byte.
The child works with this process's terminal (its descriptors are passed over the socket),
its working folder, arguments and environment; Ctrl+C reaches it; its exit status is ours.
This is what Gradle's daemon and mypy's `dmypy` do for the same reason.

The server is keyed by braindiet's code and installed packages (`site/record.py`'s `tools`):
after an upgrade or an edit of the code, the next command starts a new one and the old one,
unasked, leaves after `IDLE_SECONDS`. `BRAINDIET_DAEMON=off` runs every command here and
starts no server; the test suite sets it. Only this module's standard-library imports are paid
before a command is handed over.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

SERVED = ("build", "check")  # the commands people run again and again
IDLE_SECONDS = 900.0
KEY_CHARS = 20
_PREPARE = ("braindiet.site.build", "braindiet.reports", "braindiet.commands", "typer",
            "typer._adapters",  # imported by the first option typer converts: 60 ms
            "braindiet.science.bibliography.bibtex", "braindiet.science.bibliography.apa",
            "rich.console", "rich.progress", "rich.markup")


def main() -> None:
    arguments = sys.argv[1:]
    if _served(arguments) and enabled():
        served = hand_over(arguments)
        if served is not None:
            sys.exit(served)
        atexit.register(start_server)  # after the command: not competing with it for a core
    _collect_seldom()
    from braindiet.cli import app

    try:
        app()
    except SystemExit as finished:
        leave(finished.code)
    leave(0)


def _collect_seldom() -> None:
    """A command's objects live until it exits: collecting every 700 new ones spent 0.12 s of
    an edit-sized build (Dec-2025) re-scanning them, and 0.04 s at these thresholds."""
    gc.set_threshold(50_000, 50, 50)


def leave(status: object) -> NoReturn:
    """End the command as `sys.exit(status)` would, without tearing down the interpreter:
    freeing every object of a loaded site one by one took a quarter of a second of each build.
    What exit would run still runs: the atexit handlers, then the streams are flushed."""
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status or 0)


def enabled() -> bool:
    """On unless switched off, where descriptors can be passed over a socket (POSIX)."""
    switch = os.environ.get("BRAINDIET_DAEMON", "on").lower()
    return switch not in ("off", "0", "no", "false") and hasattr(socket, "send_fds") \
        and hasattr(os, "fork")


def _served(arguments: list[str]) -> bool:
    return bool(arguments) and arguments[0] in SERVED and not {"--help", "-h"} & set(arguments)


def server_key() -> str:
    """What a served command could differ by from one run here: braindiet's files and the
    installed packages (by stamp), the interpreter, and the settings Python reads only when it
    starts (`PYTHONHASHSEED`, `PYTHONPATH`, the locale, ...). A client that differs in any of
    them is served by a server of its own."""
    from braindiet.site.record import tools  # standard library only

    startup = sorted((name, value) for name, value in os.environ.items()
                     if name.startswith(("PYTHON", "LC_")) or name == "LANG")
    text = json.dumps([sys.executable, sys.flags, tools(), startup])
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_CHARS]


def socket_path(key: str | None = None) -> Path:
    """In a folder private to the user: `$XDG_RUNTIME_DIR` (else the temporary folder), or a
    short stand-in for it when its path is too long for a socket (about 100 bytes)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    name = f"{key or server_key()}.sock"
    folder = Path(base) / f"braindiet-{os.getuid()}"
    if len(os.fsencode(folder / name)) > 100:
        short = hashlib.sha256(os.fsencode(base)).hexdigest()[:12]
        folder = Path(tempfile.gettempdir()) / f"braindiet-{os.getuid()}-{short}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid() or folder.stat().st_mode & 0o077:
        raise PermissionError(f"{folder} is not private to this user")
    return folder / name


# ---- the client: this process ------------------------------------------------------------


def hand_over(arguments: list[str]) -> int | None:
    """Run the command in the server's child; its exit status, or None when no server
    answers (the command then runs here)."""
    try:
        path = socket_path()
    except OSError:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
        request = json.dumps({"argv": arguments, "cwd": os.getcwd(), "env": dict(os.environ)})
        socket.send_fds(connection, [request.encode()], [0, 1, 2])
        connection.shutdown(socket.SHUT_WR)
        child = _read_int(connection)
    except OSError:
        connection.close()
        return None
    if child is None:  # the server refused or died before forking
        connection.close()
        return None
    forwarded = {number: signal.signal(number, lambda n, _frame: _signal(child, n))
                 for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        status = _read_int(connection)
    finally:
        for number, handler in forwarded.items():
            signal.signal(number, handler)
        connection.close()
    if status is None:
        sys.stderr.write("braindiet: the build server's worker ended without a status; "
                         "set BRAINDIET_DAEMON=off to run commands in this process\n")
        return 1
    return status


def _signal(child: int, number: int) -> None:
    """To the child's whole group, as a terminal sends Ctrl+C to the command and its helpers."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child, number)


def _read_int(connection: socket.socket) -> int | None:
    data = b""
    while len(data) < 8:
        chunk = connection.recv(8 - len(data))
        if not chunk:
            return None
        data += chunk
    return int(struct.unpack("!q", data)[0])


def start_server() -> None:
    """A server for the next command, detached from this one (its own session, no terminal);
    it imports everything before it listens, so until then commands run here."""
    with contextlib.suppress(OSError):
        subprocess.Popen([sys.executable, "-m", "braindiet.launch", "--serve"], cwd="/",
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)


# ---- the server --------------------------------------------------------------------------


def serve(idle_seconds: float = IDLE_SECONDS) -> None:
    """Import everything, then fork a child per command until idle for `idle_seconds`."""
    import fcntl
    import importlib

    key = server_key()
    path = socket_path(key)
    lock = open(f"{path}.lock", "w")  # noqa: SIM115 - held for the server's whole life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another server for this code is running or starting
    for module in _PREPARE:
        importlib.import_module(module)
    _warm()
    if server_key() != key:  # the code changed while it was imported
        return
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(16)
    listener.settimeout(idle_seconds)
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            finally:
                _reap()
            if os.fork() == 0:
                listener.close()
                _child(connection)  # never returns
            connection.close()
    finally:
        path.unlink(missing_ok=True)
        listener.close()


def _warm() -> None:
    """What every build computes the same way whatever the site: the compiled page templates,
    the daily-value tables and the USDA index (from the installed packages the key covers)."""
    from braindiet.render.templating import compile_templates
    from braindiet.science.nutrition import fdc
    from braindiet.science.nutrition.daily_values import daily_values

    compile_templates()
    _build_models()
    daily_values()  # the reference tables shipped in the package
    if fdc.cache_path(fdc.default_cache_dir()).is_file():  # built by a build, not by us
        with contextlib.suppress(OSError, ValueError):
            fdc.load_index()
    gc.freeze()  # the children share these objects; the collector need not touch them


def _build_models() -> None:
    """The validators pydantic builds when a model first validates (`defer_build`): here,
    once, instead of in every command that reads a changed page."""
    from pydantic import BaseModel

    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if model.__module__.startswith("braindiet."):
            model.model_rebuild()


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _child(connection: socket.socket) -> None:
    status, answered = 1, False
    try:
        os.setsid()  # a group of its own (and its workers'), which the client signals
        message, descriptors = _receive(connection)
        for target, descriptor in enumerate(descriptors):
            os.dup2(descriptor, target)
            os.close(descriptor)
        request = json.loads(message)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        _reopen_standard_streams()
        connection.sendall(struct.pack("!q", os.getpid()))
        answered = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        status = _run(request["argv"])
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        if answered:  # else the client hears nothing and runs the command itself
            with contextlib.suppress(OSError):
                connection.sendall(struct.pack("!q", status))
        os._exit(status)


def _receive(connection: socket.socket) -> tuple[bytes, list[int]]:
    chunks: list[bytes] = []
    descriptors: list[int] = []
    while True:
        data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
        descriptors += fds
        if not data:
            break
        chunks.append(data)
    if len(descriptors) != 3:
        raise OSError(f"expected the three standard descriptors, got {len(descriptors)}")
    return b"".join(chunks), descriptors


def _reopen_standard_streams() -> None:
    """Streams for the client's descriptors: the server's were opened on /dev/null, with the
    buffering that suits a file, not a terminal."""
    encoding = os.environ.get("PYTHONIOENCODING", "").split(":")[0] or "utf-8"
    sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding=encoding, closefd=False,  # noqa: SIM115
                      buffering=1 if os.isatty(1) else -1)
    sys.stderr = open(2, "w", encoding=encoding, errors="backslashreplace",  # noqa: SIM115
                      closefd=False, buffering=1)


def _run(arguments: list[str]) -> int:
    sys.argv = ["braindiet", *arguments]
    _collect_seldom()  # as a command run here does
    from braindiet.cli import app

    try:
        app()
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve(float(os.environ.get("BRAINDIET_DAEMON_IDLE", IDLE_SECONDS)))
    else:
        main()
