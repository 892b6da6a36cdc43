"""The Textual UI. Nothing below okrtui.tui is imported by the CLI until the UI starts."""
