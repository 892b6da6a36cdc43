"""Domain: models and pure scoring functions. No I/O, no UI."""
