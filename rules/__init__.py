"""Rule files (YAML) and the code that reads and applies them."""
