"""The site's own pages, one module per kind of output: documents, listings, home and sitemap."""
