"""`python -m wizard` runs the same program as the `archwiz` command."""

from wizard.cli import main

if __name__ == "__main__":
    main()
