"""nkf: NRW municipal budgets (NKF) and the motions that change them."""

from nkf._version import __version__

__all__ = ["__version__"]
