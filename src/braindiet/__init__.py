"""braindiet: the BRAIN Diet knowledge base as a Python program."""

from importlib import resources
from pathlib import Path


def example_site() -> Path:
    """The example knowledge base shipped inside the package."""
    return Path(str(resources.files("braindiet") / "examples" / "default"))
