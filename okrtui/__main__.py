"""Allow ``python -m okrtui``."""

from okrtui.cli import script

if __name__ == "__main__":
    script()
