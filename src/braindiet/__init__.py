"""braindiet: the BRAIN Diet knowledge base as a Python program."""

from pathlib import Path


def example_site() -> Path:
    """The example knowledge base shipped inside the package."""
    from importlib import resources  # not at import: `braindiet build` may need none of it

    return Path(str(resources.files("braindiet") / "examples" / "default"))
