"""The ``nkf`` command line (Kommandozeile): thin wrappers around the library.

``main(argv) -> int`` parses arguments, calls the library, prints a report and returns the
exit code: 0 clean, 1 findings (or an amendment that does not apply), 2 usage error,
unreadable input or internal error. Machine output goes to stdout, messages to stderr.
Heavy modules are imported only by the command that needs them, so start-up stays fast.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_TROUBLE", "main", "run"]

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_TROUBLE = 2

_COMMANDS = ("validate", "apply", "diff", "changes", "adopt", "export", "import", "demo")
"""The commands, in the order ``nkf --help`` lists them."""


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the nkf command line with ``argv``; return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    words = sys.argv[1:] if argv is None else list(argv)
    args = _plain_validate(words)
    if args is None:
        from nkf.cli._arguments import build_parser

        parser = build_parser(_command_of(words))
        args = parser.parse_args(words, namespace=SimpleNamespace())
        if args.command is None:
            parser.print_help(out)
            return EXIT_TROUBLE
    from nkf.cli import commands

    try:
        return int(getattr(commands, f"cmd_{args.command}")(args, out, err))
    except commands.UsageError as exc:
        err.write(f"nkf {args.command}: {exc}\n")
        return EXIT_TROUBLE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        err.write(
            f"nkf {args.command}: interner Fehler ({type(exc).__name__}: {exc}). "
            "Bitte melden Sie diesen Fehler mit der Eingabedatei.\n"
        )
        return EXIT_TROUBLE


_VALIDATE_FLAGS = {"--strict": "strict", "--show-info": "show_info"}
_VALIDATE_OPTIONS = {"--plan": "plan", "--format": "format"}
_VALIDATE_FORMATS = ("text", "json", "github", "sarif")


def _plain_validate(words: Sequence[str]) -> SimpleNamespace | None:
    """Read a plain ``nkf validate`` command line without the parser, else None.

    The parser needs :mod:`argparse`, :mod:`gettext`, :mod:`locale` and :mod:`shutil` (for
    help texts and the terminal width); importing them and building it takes as long as
    checking a small file, on every run in CI. Plain means: the options spelt out in full
    (``--plan PLAN``, ``--plan=PLAN``, ``--strict``, ``--show-info``, ``--format FORMAT``),
    the files in one run, and no other word starting with ``-``. Such a command line gives
    the values the parser would give (a test checks that both agree); everything else
    (help, abbreviations, mistakes) goes to the parser.
    """
    if not words or words[0] != "validate":
        return None
    values: dict[str, object] = {"plan": None, "strict": False, "show_info": False}
    values["format"] = "text"
    files: list[str] = []
    after_files = False
    rest = iter(words[1:])
    for word in rest:
        if not word.startswith("-"):
            if after_files:
                return None  # files after an option that followed files: the parser's error
            files.append(word)
            continue
        after_files = bool(files)
        name, equals, value = word.partition("=")
        if name in _VALIDATE_FLAGS and not equals:
            values[_VALIDATE_FLAGS[name]] = True
            continue
        if name not in _VALIDATE_OPTIONS:
            return None
        if not equals:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        if name == "--format" and value not in _VALIDATE_FORMATS:
            return None
        values[_VALIDATE_OPTIONS[name]] = value
    if not files:
        return None
    return SimpleNamespace(command="validate", files=files, **values)


def _command_of(words: Sequence[str]) -> str | None:
    """The command a command line runs, if it names one first; else None."""
    return words[0] if words and words[0] in _COMMANDS else None


def run() -> NoReturn:
    """Console-script entry point: run one command, then end the process.

    Start-up makes tens of thousands of objects that live as long as the process: modules,
    classes, the compiled schema. The garbage collector would only scan them again and
    again, and once more at exit. So collection is off while the command's modules are
    imported; then those objects are set aside (``gc.freeze``) and collection resumes for
    the command's own work. At the end everything left is set aside as well, so the
    interpreter's last collection at exit has next to nothing to scan.
    """
    gc.disable()
    command = _command_of(sys.argv[1:])
    if command is not None:
        # A module that fails to import fails again in main, which reports it.
        with contextlib.suppress(Exception):
            from nkf.cli import commands

            commands.preload(command)
    gc.enable()
    gc.freeze()
    code = main()
    gc.freeze()
    sys.exit(code)
