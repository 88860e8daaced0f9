"""From rendered pages to a website on disk: build, navigation, search, serving."""
