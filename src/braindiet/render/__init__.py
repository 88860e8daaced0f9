"""From the graph to HTML: Markdown rendering, components and page templates."""
