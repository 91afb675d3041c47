"""What every zwgk package shares: the base of the errors the product anticipates."""
