"""`make bench`: nkf against lxml and an xsdata peer on synthetic plans of 100–5,000 products.

Prints one Markdown table: median times (and peak memory) of nkf's operations, each with its
ratio to a baseline measured in the same run, the targets at 1,000 products and whether
they are met, and the growth from 1,000 to 5,000 products. See docs/performance.md.

Baselines: ``lxml.etree.parse`` of the same file (the floor) and ``etree.tostring`` of that
tree; the peer a user would pick instead of nkf, dataclasses that ``xsdata generate``
makes from nkf's own XSD (generated into a temporary directory at run time), parsed with
``XmlParser`` and the lxml event handler and written with ``XmlSerializer``; and
``python -c "import lxml.etree, attrs"`` for the start-up of ``nkf validate``.

Memory is the peak RSS (``VmHWM``, else ``ru_maxrss``) of a fresh process after the operation
minus that of a process that only did the same imports, so lxml's C allocations count too.

    python benchmarks/run.py                     # the full run (about 3–5 minutes)
    python benchmarks/run.py --sizes 100,1000    # quicker
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SIZES = (100, 1000, 5000)
TARGET_SIZE = 1000
MOTIONS = 500
FOUNDING_MOTION = ROOT / "examples" / "leichlingen-2021" / "amendment.xml"
PEER_PACKAGE = "nkf_xsdata_peer"
MIB = 1024 * 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- timing


def settle() -> None:
    """Bring the process to the same state before every timed operation, outside the timing.

    Two things an operation leaves behind would otherwise be paid by the next one:

    * Python objects in reference cycles: ``gc.collect()``.
    * The C heap's freed blocks. glibc's ``free`` puts the small blocks of a freed lxml
      tree (elements, attributes, texts: a million blocks at 1,000 products) on its fast
      lists without merging them; they are merged by the next request of 1 KiB or more,
      which takes about 50 ms at 1,000 products. Until then a new tree is built from those
      scattered blocks and ``etree.parse`` takes about twice as long (90 instead of 45 ms).
      Measured in the order of a round, ``load`` paid for the tree of the lxml baseline
      before it, and ``etree.parse`` found a heap merged by the operation before it. A
      request of 4 KiB here makes the merge happen between operations, so that none pays
      for another's tree; with other allocators it is a harmless allocation.
    """
    gc.collect()
    bytearray(4096)


def median_time(fn: Callable[[], Any], reps: int) -> float:
    """Median wall time of ``fn()`` over ``reps`` runs; results are dropped between runs."""
    times = []
    for _ in range(reps):
        settle()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    return statistics.median(times)


def apply_time(plan: Any, motions: Sequence[Any], reps: int, budget: float) -> tuple[float, bool]:
    """Median time of ``nkf.apply(plan, *motions)``; ``(seconds, estimated)``.

    When applying the motions one after the other (which is what ``apply`` does) does not
    finish within ``budget`` seconds, the time is extrapolated linearly from the motions
    applied so far, and marked as an estimate.
    """
    import nkf

    settle()
    state = plan
    start = time.perf_counter()
    for done, motion in enumerate(motions, 1):
        state = nkf.apply(state, motion)
        if time.perf_counter() - start > budget and done < len(motions):
            elapsed = time.perf_counter() - start
            return elapsed * len(motions) / done, True
    first = time.perf_counter() - start
    del state
    rest = [median_time(lambda: nkf.apply(plan, *motions), 1) for _ in range(reps - 1)]
    return statistics.median([first, *rest]), False


# --------------------------------------------------------------------------- memory


def _memory_child(operation: str, path: str) -> None:
    """Run in a fresh process: the imports of every mode, then ``operation``; print KiB."""
    from lxml import etree

    import nkf.xml

    kept: list[Any] = []  # the result stays alive until the peak is read
    if operation == "lxml":
        kept.append(etree.parse(path))
    elif operation == "load":
        kept.append(nkf.xml.load(path))
    elif operation == "validate":
        kept.append(nkf.xml.validate_file(path))
    elif operation != "imports":
        raise SystemExit(f"unknown operation {operation}")
    print(_peak_kib(), len(kept))


def _time_child(operation: str, path: str) -> None:
    """Run in a fresh process: the imports of every mode, then time ``operation`` once."""
    from lxml import etree

    import nkf.xml

    start = time.perf_counter()
    if operation == "lxml":
        result: Any = etree.parse(path)
    elif operation == "load":
        result = nkf.xml.load(path)
    else:
        raise SystemExit(f"unknown operation {operation}")
    elapsed = time.perf_counter() - start
    print(elapsed, result is not None)


def fresh_times(path: Path, reps: int) -> tuple[float, float]:
    """Median wall time of lxml's parse and of nkf ``load``, each the first call of a fresh
    process (as ``nkf validate`` in CI meets a file), alternating; ``(lxml, load)``."""
    times: dict[str, list[float]] = {"lxml": [], "load": []}
    for _ in range(reps):
        for operation, values in times.items():
            values.append(float(_child("--time-child", operation, path)))
    return statistics.median(times["lxml"]), statistics.median(times["load"])


def _child(mode: str, operation: str, path: Path) -> str:
    """Run ``operation`` in a fresh process of this script; the first word it prints."""
    out = subprocess.run(
        [sys.executable, __file__, mode, operation, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()[0]


def _peak_kib() -> int:
    """Peak RSS of this process in KiB.

    ``VmHWM`` is the high-water mark of this process's own address space. ``ru_maxrss``
    would do on a quiet parent, but Linux carries the parent's peak over a fork and exec
    into it, so a child of the (large) benchmark process would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss(operation: str, path: Path, reps: int) -> float:
    """Median peak RSS of ``operation`` in a fresh process, in bytes."""
    values = [int(_child("--memory-child", operation, path)) * 1024 for _ in range(reps)]
    return statistics.median(values)


# --------------------------------------------------------------------------- start-up


def _python_env(cache: Path) -> dict[str, str]:
    """Environment for start-up runs: bytecode cached in ``cache`` (as after an install).

    Without a bytecode cache (``PYTHONDONTWRITEBYTECODE``) every start compiles nkf from
    source while lxml and attrs come precompiled; both commands get the same private cache.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def startup_times(reps: int, cache: Path) -> tuple[float, float]:
    """Median wall time of ``nkf validate`` on the founding motion and of the baseline."""
    bindir = Path(sys.executable).parent
    nkf_cmd = [str(bindir / "nkf")] if (bindir / "nkf").exists() else [sys.executable, "-m", "nkf"]
    nkf_cmd += ["validate", str(FOUNDING_MOTION)]
    base_cmd = [sys.executable, "-c", "import lxml.etree, attrs"]
    env = _python_env(cache)
    for cmd in (nkf_cmd, base_cmd):  # warm the bytecode cache
        subprocess.run(cmd, check=True, capture_output=True, env=env)
    nkf_times, base_times = [], []
    for _ in range(reps):
        for cmd, times in ((nkf_cmd, nkf_times), (base_cmd, base_times)):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(nkf_times), statistics.median(base_times)


# --------------------------------------------------------------------------- xsdata peer


@dataclass
class Peer:
    """The dataclasses xsdata generates from nkf-1.xsd, with parser and serializer."""

    plan_class: Any
    parser: Any
    serializer: Any
    version: str


def make_peer(workdir: Path) -> Peer | None:
    """Generate the peer package into ``workdir`` (not into the repository) and import it."""
    try:
        import xsdata
        from xsdata.formats.dataclass.parsers import XmlParser
        from xsdata.formats.dataclass.parsers.handlers import LxmlEventHandler
        from xsdata.formats.dataclass.serializers import XmlSerializer
        from xsdata.formats.dataclass.serializers.config import SerializerConfig
    except ImportError:
        log("xsdata fehlt: `.venv/bin/python -m pip install --group bench` (ohne Peer weiter)")
        return None
    bindir = Path(sys.executable).parent
    xsdata_cmd = shutil.which("xsdata", path=str(bindir)) or shutil.which("xsdata")
    if xsdata_cmd is None:
        log("das Kommando xsdata fehlt (ohne Peer weiter)")
        return None
    env = dict(os.environ)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"  # xsdata formats with ruff
    xsd = ROOT / "src" / "nkf" / "xml" / "nkf-1.xsd"
    subprocess.run(
        [xsdata_cmd, "generate", str(xsd), "--package", PEER_PACKAGE],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(workdir))
    package = importlib.import_module(PEER_PACKAGE)
    try:
        config = SerializerConfig(indent="  ")
    except TypeError:  # xsdata before 24.4
        config = SerializerConfig(pretty_print=True)  # type: ignore[call-arg]
    return Peer(
        plan_class=package.BudgetPlan,
        parser=XmlParser(handler=LxmlEventHandler),
        serializer=XmlSerializer(config=config),
        version=getattr(xsdata, "__version__", "?"),
    )


# --------------------------------------------------------------------------- the plans


@dataclass
class Result:
    """Median seconds (or bytes for ``mem_*``) per measurement, for one plan size."""

    products: int
    file_bytes: int = 0
    values: dict[str, float] = field(default_factory=dict)
    estimated: set[str] = field(default_factory=set)
    samples: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class Case:
    """One plan size, set up once: files, loaded plans, motions, the lxml tree, the peer's."""

    result: Result
    reps: int
    plan_path: Path
    new_path: Path
    plan: Any = None
    new: Any = None
    motions: list[Any] = field(default_factory=list)
    tree: Any = None
    peer_object: Any = None
    specs: list[tuple[type, dict[str, Any]]] = field(default_factory=list)


def set_up(products: int, reps: int, workdir: Path, peer: Peer | None, args: Any) -> Case:
    """Write the plan and its changed version, load both, make the motions."""
    from generate import generate_amendments, generate_plan, perturb_plan

    import nkf

    log(f"— {products:,} Produkte: erzeugen …")
    case = Case(
        result=Result(products=products),
        reps=reps,
        plan_path=workdir / f"plan-{products}.xml",
        new_path=workdir / f"plan-{products}-neu.xml",
    )
    generated = generate_plan(products, seed=args.seed)
    nkf.dump(generated, case.plan_path)
    nkf.dump(perturb_plan(generated, 0.01, seed=args.seed + 1), case.new_path)
    case.result.file_bytes = case.plan_path.stat().st_size
    case.plan = nkf.load(case.plan_path)
    if products <= TARGET_SIZE:  # the same generator makes the larger plans
        if case.plan != generated:
            raise SystemExit("the plan does not survive dump and load")
        errors = [d for d in nkf.validate(case.plan) if d.is_error]
        if errors:
            raise SystemExit(f"the generated plan has errors: {errors[:3]}")
    case.new = nkf.load(case.new_path)
    case.motions = generate_amendments(case.plan, MOTIONS, seed=args.seed)
    case.specs = object_specs(case.plan)
    if peer is not None and (products <= TARGET_SIZE or args.peer_all):
        case.peer_object = peer.parser.from_path(case.plan_path, peer.plan_class)
    return case


def operations(peer: Peer | None) -> list[tuple[str, Callable[[Case], Any], bool]]:
    """``(key, operation, peer only)`` in the order of one round; baselines beside nkf."""
    from lxml import etree

    import nkf
    import nkf.xml
    from nkf.xml.schema import schema

    ops: list[tuple[str, Callable[[Case], Any], bool]] = [
        ("lxml_parse", lambda c: etree.parse(str(c.plan_path)), False),
        ("load", lambda c: nkf.load(c.plan_path), False),
        ("validate_file", lambda c: nkf.xml.validate_file(c.plan_path), False),
        (
            "lxml_tostring",
            lambda c: etree.tostring(c.tree, xml_declaration=True, encoding="UTF-8"),
            False,
        ),
        ("dumps", lambda c: nkf.dumps(c.plan), False),
        ("diff", lambda c: nkf.diff(c.plan, c.new), False),
        ("conflicts", lambda c: nkf.conflicts(*c.motions, plan=c.plan), False),
    ]
    ops += [
        # The floor of any reader that builds the whole model eagerly from the lxml tree:
        # the schema check, one visit of every element's attributes and text, and creating
        # the model's objects from values at hand (see floor_of and docs/performance.md).
        ("lxml_xsd", lambda c: schema().validate(c.tree), False),
        ("lxml_walk", lambda c: walk(c.tree), False),
        ("construct", lambda c: construct(c.specs), False),
    ]
    if peer is not None:
        ops += [
            ("xsdata_parse", lambda c: peer.parser.from_path(c.plan_path, peer.plan_class), True),
            ("xsdata_render", lambda c: peer.serializer.render(c.peer_object), True),
        ]
    return ops


def walk(tree: Any) -> int:
    """Visit every element once, reading its attributes and text, as a reader must."""
    seen = 0
    for el in tree.iter():
        el.items()
        if el.text is not None:
            seen += 1
    return seen


def object_specs(plan: Any) -> list[tuple[type, dict[str, Any]]]:
    """``(class, keyword arguments)`` of every distinct model object of ``plan``, children first.

    Objects that loading shares (equal lines and key-figure values) count once, as load
    creates them once.
    """
    import attrs

    seen: set[int] = set()
    specs: list[tuple[type, dict[str, Any]]] = []

    def visit(value: Any) -> None:
        if isinstance(value, tuple):
            for item in value:
                visit(item)
        elif attrs.has(type(value)) and id(value) not in seen:
            seen.add(id(value))
            kwargs = {f.alias: getattr(value, f.name) for f in attrs.fields(type(value)) if f.init}
            for item in kwargs.values():
                visit(item)
            specs.append((type(value), kwargs))

    visit(plan)
    return specs


def construct(specs: list[tuple[type, dict[str, Any]]]) -> int:
    """Create every object of ``specs`` by its class, collector paused as in ``load``."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        made = [cls(**kwargs) for cls, kwargs in specs]
        return len(made)
    finally:
        if enabled:
            gc.enable()


def floor_of(values: dict[str, float]) -> float | None:
    """lxml parse, then the XSD check beside visiting every element and creating every
    object (as ``load`` does on a machine with two cores), or None."""
    parts = ("lxml_parse", "lxml_xsd", "lxml_walk", "construct")
    if not all(k in values for k in parts):
        return None
    reading = values["lxml_walk"] + values["construct"]
    return values["lxml_parse"] + max(values["lxml_xsd"], reading)


def measure_rounds(cases: list[Case], peer: Peer | None, peer_reps: int) -> None:
    """Time every operation on every plan in rounds, so that a change in the machine's load
    falls on all of them alike; each value is the median of its rounds."""
    from lxml import etree

    ops = operations(peer)
    rounds = max(c.reps for c in cases)
    for r in range(rounds):
        log(f"— Runde {r + 1}/{rounds} …")
        for case in cases:
            if r >= case.reps:
                continue
            for key, op, peer_only in ops:
                if peer_only and (case.peer_object is None or r >= peer_reps):
                    continue
                if key == "lxml_tostring":  # a fresh tree, as a user would serialize it
                    case.tree = None
                    case.tree = etree.parse(str(case.plan_path))
                settle()
                start = time.perf_counter()
                result = op(case)
                elapsed = time.perf_counter() - start
                del result
                case.result.samples.setdefault(key, []).append(elapsed)
    for case in cases:
        res = case.result
        res.values.update({k: statistics.median(v) for k, v in res.samples.items()})
        floor = floor_of(res.values)
        if floor is not None:
            res.values["floor"] = floor


def measure_apply(case: Case, budget: float) -> None:
    log(f"— {case.result.products:,} Produkte: apply {MOTIONS} Anträge …")
    res = case.result
    res.values["apply"], estimated = apply_time(case.plan, case.motions, case.reps, budget)
    if estimated:
        res.estimated.add("apply")
    res.values["apply_conflicts"] = res.values["apply"] + res.values["conflicts"]


def measure_memory(case: Case) -> None:
    res = case.result
    log(f"— {res.products:,} Produkte: Speicher …")
    reps = 1 if res.products > TARGET_SIZE else 3
    imports = peak_rss("imports", case.plan_path, reps)
    res.values["mem_lxml"] = peak_rss("lxml", case.plan_path, reps) - imports
    res.values["mem_load"] = peak_rss("load", case.plan_path, reps) - imports
    res.values["mem_validate"] = peak_rss("validate", case.plan_path, reps) - imports


def measure_fresh(case: Case) -> None:
    res = case.result
    log(f"— {res.products:,} Produkte: frische Prozesse …")
    reps = 5 if res.products > TARGET_SIZE else 7
    res.values["fresh_lxml"], res.values["fresh_load"] = fresh_times(case.plan_path, reps)


# --------------------------------------------------------------------------- table


def fmt_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:,.1f} ms" if seconds < 0.1 else f"{seconds * 1000:,.0f} ms"
    return f"{seconds:,.2f} s"


def fmt_mib(value: float) -> str:
    return f"{value / MIB:,.0f} MiB"


@dataclass
class Row:
    label: str
    key: str
    base: str | None = None  # key of the baseline the ratio is taken to
    base_label: str = ""
    target: float | None = None  # ratio target at 1,000 products (≤)
    target_text: str = ""
    growth: bool = False  # linear growth 1,000 → 5,000 is a target
    memory: bool = False


ROWS = (
    Row("lxml `etree.parse` (floor)", "lxml_parse"),
    Row("lxml `etree.tostring` (same tree)", "lxml_tostring"),
    Row("lxml XSD validation of the tree", "lxml_xsd", "lxml_parse", "lxml parse"),
    Row("lxml: visit every element (attributes, text)", "lxml_walk", "lxml_parse", "lxml parse"),
    Row("creating the model's objects (no XML)", "construct", "lxml_parse", "lxml parse"),
    Row(
        "floor of an eager reader, XSD beside it: parse + the larger of XSD and visit + create",
        "floor",
        "lxml_parse",
        "lxml parse",
    ),
    Row("xsdata `XmlParser` (lxml handler)", "xsdata_parse"),
    Row("xsdata `XmlSerializer`", "xsdata_render"),
    Row(
        "nkf `load` (XSD validation)",
        "load",
        "lxml_parse",
        "lxml parse",
        4.0,
        "≤ 4×",
        growth=True,
    ),
    Row("lxml `etree.parse`, first call in a fresh process", "fresh_lxml"),
    Row(
        "nkf `load` (XSD validation), first call in a fresh process",
        "fresh_load",
        "fresh_lxml",
        "lxml parse, fresh process",
        4.0,
        "≤ 4×",
        growth=True,
    ),
    Row(
        "nkf `load` (XSD validation)",
        "load",
        "xsdata_parse",
        "xsdata parse",
        0.2,
        "≤ 0.2× (≥ 5× faster)",
    ),
    Row(
        "nkf `validate_file` (XSD + rules)",
        "validate_file",
        "lxml_parse",
        "lxml parse",
        4.0,
        "≤ 4×",
        growth=True,
    ),
    Row("nkf `dumps`", "dumps", "load", "nkf load", 1.0, "≤ 1×", growth=True),
    Row("nkf `dumps`", "dumps", "lxml_tostring", "lxml tostring"),
    Row("nkf `dumps`", "dumps", "xsdata_render", "xsdata serialize"),
    Row(
        "nkf `diff` (1 % of cells changed)", "diff", "load", "nkf load", 0.3, "≤ 0.3×", growth=True
    ),
    Row(f"nkf `apply` {MOTIONS} motions", "apply", "load", "nkf load", growth=True),
    Row(f"nkf `conflicts` {MOTIONS} motions", "conflicts", "load", "nkf load", growth=True),
    Row(
        f"nkf `apply` + `conflicts` {MOTIONS} motions",
        "apply_conflicts",
        "load",
        "nkf load",
        0.5,
        "≤ 0.5×",
        growth=True,
    ),
    Row("peak RSS: lxml tree", "mem_lxml", memory=True),
    Row(
        "peak RSS: nkf `load`",
        "mem_load",
        "mem_lxml",
        "lxml tree",
        1.5,
        "≤ 1.5×",
        growth=True,
        memory=True,
    ),
    Row("peak RSS: nkf `validate_file`", "mem_validate", "mem_lxml", "lxml tree", memory=True),
)


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("yes" if ok else "**NO**")


def table(results: list[Result], startup: tuple[float, float] | None) -> str:
    sizes = [r.products for r in results]
    by = {r.products: r for r in results}
    head = ["measurement", "vs.", *(f"{n:,} products" for n in sizes)]
    head += ["target @ 1,000", "met", "5,000 ÷ 1,000", "≤ 5.5×"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in ROWS:
        cells = [row.label, row.base_label or "—"]
        present = False
        for n in sizes:
            r = by[n]
            value = r.values.get(row.key)
            base = r.values.get(row.base) if row.base else None
            if value is None or (row.base and base is None):
                cells.append("—")
                continue
            present = True
            text = fmt_mib(value) if row.memory else fmt_time(value)
            if row.key in r.estimated or (row.key == "apply_conflicts" and "apply" in r.estimated):
                text = "≈ " + text
            if base:
                text += f" · {value / base:.2f}×"
            cells.append(text)
        if not present:
            continue
        met: bool | None = None
        if row.target is not None and TARGET_SIZE in by and row.base:
            r = by[TARGET_SIZE]
            value, base = r.values.get(row.key), r.values.get(row.base)
            if value is not None and base:
                met = value / base <= row.target
        cells += [row.target_text, _mark(met)]
        growth, grows_ok = "", None
        if TARGET_SIZE in by and 5000 in by:
            a, b = by[TARGET_SIZE].values.get(row.key), by[5000].values.get(row.key)
            if a and b:
                growth = f"{b / a:.2f}×"
                if row.growth:
                    grows_ok = b / a <= 5.5
        cells += [growth, _mark(grows_ok)]
        lines.append("| " + " | ".join(cells) + " |")
    if startup is not None:
        nkf_t, base_t = startup
        cells = ["`nkf validate` founding motion (start-up)", "python -c import lxml, attrs"]
        cells += [f"{fmt_time(nkf_t)} · {nkf_t / base_t:.2f}×" for _ in sizes]
        cells += ["≤ 2×", _mark(nkf_t / base_t <= 2), "", ""]
        lines.append("| " + " | ".join(cells) + " |")
        cells = ['`python -c "import lxml.etree, attrs"`', "—"]
        cells += [fmt_time(base_t) for _ in sizes] + ["", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine(peer: Peer | None) -> str:
    import lxml

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"lxml {lxml.__version__}, xsdata {peer.version if peer else '—'}, "
        f"load average at start {load:.2f}"
    )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--reps", type=int, default=0, help="rounds (default 5)")
    parser.add_argument("--peer-reps", type=int, default=3, help="repetitions of xsdata")
    parser.add_argument("--peer-all", action="store_true", help="xsdata also above 1,000")
    parser.add_argument(
        "--apply-budget",
        type=float,
        default=20.0,
        help="seconds for one apply run before it is extrapolated",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory-child", nargs=2, metavar=("OP", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--time-child", nargs=2, metavar=("OP", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory_child(*args.memory_child)
        return 0
    if args.time_child:
        _time_child(*args.time_child)
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nkf-bench-") as tmp:
        workdir = Path(tmp)
        peer = make_peer(workdir)
        header = machine(peer)
        cases = [set_up(n, args.reps or 5, workdir, peer, args) for n in sizes]
        # The inputs of every size stay alive; freezing them keeps the collector from
        # walking the other sizes' plans while one size is measured.
        gc.collect()
        gc.freeze()
        measure_rounds(cases, peer, args.peer_reps)
        for case in cases:
            measure_apply(case, args.apply_budget)
        for case in cases:
            case.plan = case.new = case.tree = case.peer_object = None
            case.specs = []
            case.motions = []
        gc.unfreeze()
        gc.collect()
        for case in cases:
            measure_memory(case)
        for case in cases:
            measure_fresh(case)
        log("— Start-up …")
        startup = startup_times(10, workdir / "pyc")
        results = [c.result for c in cases]
    print(f"Machine: {header}")
    print(
        "Files: "
        + ", ".join(f"{r.products:,} products {r.file_bytes / MIB:.1f} MiB" for r in results)
    )
    print()
    print(table(results, startup))
    print()
    reps = {c.result.products: c.reps for c in cases}
    print(
        "Median of "
        + ", ".join(f"{n} rounds at {p:,} products" for p, n in reps.items())
        + f" (xsdata: {args.peer_reps}); every round interleaves all operations, baselines "
        "and sizes. Peak RSS: median of 3 fresh processes (1 above 1,000 products). "
        "Fresh process: median of 7 processes each (5 above 1,000 products). "
        "`≈`: extrapolated from the motions applied within the time budget "
        f"({args.apply_budget:.0f} s). Start-up: median of 10."
    )
    print(f"Total run time {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
