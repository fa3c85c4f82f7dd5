"""nkf: NRW municipal budgets (Neues Kommunales Finanzmanagement) and the motions that change them."""

from nkf._version import __version__

__all__ = ["__version__"]
