"""The version of nkf (single source for packaging and ``nkf.__version__``)."""

__version__ = "0.1.0"
