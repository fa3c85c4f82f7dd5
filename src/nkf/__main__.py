"""``python -m nkf``: the nkf command line."""

from nkf.cli import run

run()
