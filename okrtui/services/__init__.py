"""Services: the operations both the CLI and the TUI call, so each rule lives in one place."""
