"""Config-driven spiders: they read the agencies and columns from the config."""
