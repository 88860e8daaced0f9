"""One typer sub-app per feature, registered by `braindiet.cli`."""
