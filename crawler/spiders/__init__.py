"""Plan-driven spiders: they read the agencies' sites and columns from a crawl plan."""
