"""Allow ``python -m okrtui``."""

from okrtui.cli import main

if __name__ == "__main__":
    main()
