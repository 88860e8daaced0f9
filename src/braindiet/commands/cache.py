"""`braindiet cache`: where the cache of expensive results lives, and clearing it."""

from __future__ import annotations

import shutil

import typer
from rich.console import Console

from braindiet.cache import cache_dir

app = typer.Typer(no_args_is_help=True)
console = Console(highlight=False)


@app.command()
def path() -> None:
    """Print the cache folder (`$BRAINDIET_CACHE`; `off` disables the cache)."""
    folder = cache_dir()
    console.print(str(folder) if folder is not None else "off (BRAINDIET_CACHE=off)")


@app.command()
def clear() -> None:
    """Delete the cache folder. Nothing is lost: the next build computes it again."""
    folder = cache_dir()
    if folder is None or not folder.exists():
        console.print("nothing to clear")
        return
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder)
    console.print(f"removed {folder} ({size / 1e6:.1f} MB)")
