"""okrtui: OKRs, initiatives and KPIs in one git-diffable file, from the terminal."""

__version__ = "0.1.0"
