"""docs/diagnostics.md lists every diagnostic code the source uses, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"NKF-[EWI]\d{3}")
ROW = re.compile(r"^\| (NKF-[EWI]\d{3}) \| (error|warning|info) \| (.+) \|$", re.MULTILINE)


def _used() -> set[str]:
    return {
        code
        for path in (ROOT / "src" / "nkf").rglob("*.py")
        if path.name != "strategies.py"
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }


def test_every_code_is_documented_once_with_its_severity() -> None:
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    rows = ROW.findall(text)
    documented = [code for code, _, _ in rows]
    assert len(documented) == len(set(documented)), "a code is listed twice"
    assert _used() - set(documented) == set(), "codes used in src/ but not in the docs"
    assert set(documented) - _used() == set(), "codes in the docs that src/ never uses"
    letter = {"error": "E", "warning": "W", "info": "I"}
    for code, severity, meaning in rows:
        assert code[4] == letter[severity], code
        assert meaning.strip(), code
