"""List-page parsers, one per CMS family, behind a registry (see `base.py`)."""
