"""Store: the data file (our own TinyDB storage) and a repository of records by id. No UI."""
