"""braindiet: the BRAIN Diet knowledge base as a Python program."""
