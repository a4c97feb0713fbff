"""An adversarial run: hostile and edge-case input against rope-ref's API and command line.

Every call is classified:

- clear error: TypeError or ValueError (or one of rope-ref's own errors, which subclass them)
  whose message names the argument at fault;
- accepted: valid (if unusual) input that returned finite values;
- silent: no error, but a NaN or inf came out of finite input, or input that must be refused
  was accepted;
- unhelpful: an error that does not name the argument, or valid input refused;
- crash or hang: any other exception, a Python traceback from the command line, or no answer
  within the time limit.

Besides argument values, it attacks the environment: special files (FIFOs, device nodes, symlinks to
/dev/zero) where rope-ref reads and writes, a golden set swapped by `generate --force` while `export`
packs it, hostile case ids, 250-character folder names, sizes far past the memory limit in processes
under an address-space limit (RLIMIT_AS), masked arrays, and implementations that hang or end the
process. Every special file is a private one in a temporary folder; no system node is ever a target.

Usage (from the repository root; takes about two minutes):

    python tools/adversarial.py            # the table; exit 1 unless silent == crash == 0
    python tools/adversarial.py --verbose  # and every call that is not a clear error or accepted
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import math
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rope_ref import MultiAxisRoPE, RoPE, XPos, default_inv_freq, from_hf_config, golden  # noqa: E402
from rope_ref import scaling as sc  # noqa: E402
from rope_ref.testing import assert_rope_close, rope_tolerance  # noqa: E402

TIME_LIMIT = 20  # seconds per call
# The rope-ref command as its console script runs it: without the current folder on sys.path (which
# `python -m` would add, so that a ./random.py would shadow the standard library for rope-ref itself).
ROPE_REF = [sys.executable, "-c", "import sys; del sys.path[0]; from rope_ref.cli import console_main; console_main()"]
REJECT, ACCEPT, EITHER = "reject", "accept", "either"

# Hostile values for any argument; each entry: (label, value).
HOSTILE = [
    ("None", None), ("True", True), ("str", "1"), ("empty str", ""), ("bytes", b"8"), ("list", [8]), ("dict", {}),
    ("complex", 1j), ("nan", math.nan), ("inf", math.inf), ("-inf", -math.inf), ("zero", 0), ("-1", -1),
    ("0.5", 0.5), ("subnormal", 5e-324), ("1e308", 1e308), ("-1e308", -1e308), ("10**400", 10**400),
    ("-10**400", -10**400), ("10**5000", 10**5000), ("np.nan32", np.float32("nan")), ("np.int64 max", np.int64(2**62)),
    ("object", object()), ("np.bool_", np.bool_(True)), ("0-d array", np.array(8.0)), ("float 8.0", 8.0),
]


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def _finite(value: Any) -> bool:
    """True when every number reachable in value is finite."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, (float, np.floating, complex)):
        return bool(np.isfinite(value))
    if isinstance(value, (tuple, list)):
        return all(_finite(v) for v in value)
    return True


class Run:
    def __init__(self, verbose: bool) -> None:
        self.counts: Counter[str] = Counter()
        self.verbose = verbose
        self.notes: list[str] = []

    def record(self, outcome: str, label: str, detail: str) -> None:
        self.counts[outcome] += 1
        if self.verbose and outcome not in ("clear error", "accepted"):
            self.notes.append(f"{outcome:<13} {label}: {detail[:300]}")

    def api(self, label: str, call: Callable[[], Any], expect: str, names: tuple[str, ...]) -> None:
        """One API call: expect REJECT (must raise naming one of names), ACCEPT, EITHER, or TRUE
        (the call checks the answer itself and must return True, or raise naming one of names)."""
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIME_LIMIT)
        try:
            result = call()
        except Hang:
            self.record("crash or hang", label, "no answer")
            return
        except (TypeError, ValueError) as err:
            signal.alarm(0)
            text = str(err)
            if expect == ACCEPT:
                self.record("unhelpful", label, f"valid input refused: {type(err).__name__}: {text}")
            elif any(n in text for n in names) and text.strip():
                self.record("clear error", label, text)
            else:
                self.record("unhelpful", label, f"{type(err).__name__}: {text}")
            return
        except AssertionError as err:  # assert_rope_close's verdict: a failed comparison, a correct answer
            signal.alarm(0)
            self.record("clear error" if expect == REJECT else "accepted", label, f"AssertionError: {str(err)[:100]}")
            return
        except BaseException as err:  # the point is to catch everything
            signal.alarm(0)
            self.record("crash or hang", label, f"{type(err).__name__}: {err}")
            return
        finally:
            signal.alarm(0)
        if expect == REJECT:
            self.record("silent", label, f"accepted: {str(result)[:120]}")
        elif expect == TRUE and result is not True:
            self.record("silent", label, f"wrong answer: {str(result)[:120]}")
        elif not _finite(result):
            self.record("silent", label, "non-finite output from finite input")
        else:
            self.record("accepted", label, "")

    def cli(self, label: str, argv: list[str], expect: str, cwd: Path | None = None,
            json_out: bool = False, env: dict[str, str] | None = None, limit_memory: bool = False,
            after: Callable[[subprocess.CompletedProcess[str]], str | None] | None = None) -> None:
        """One command: a clear error is exit 1 or 2 with a message and no traceback.

        ``env`` adds environment variables; ``limit_memory`` runs it under :data:`MEMORY_LIMIT`;
        ``after`` inspects the finished command and the files around it and returns what went wrong
        (a damaged special file, a mixed snapshot), which makes the call silent, or None.
        """
        try:
            done = subprocess.run([*ROPE_REF, *argv], capture_output=True, text=True,
                                  timeout=TIME_LIMIT * 3, cwd=cwd or ROOT,
                                  env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                                  preexec_fn=_limit_memory if limit_memory else None)
        except subprocess.TimeoutExpired:
            self.record("crash or hang", label, "no answer")
            return
        text = done.stdout + done.stderr
        if "Traceback" in text:
            self.record("crash or hang", label, text[-400:])
            return
        wrong = after(done) if after is not None else None
        if wrong:
            self.record("silent", label, wrong)
            return
        if json_out and (done.stdout.strip() or done.returncode != 2):  # usage errors go to stderr only
            try:
                json.loads(done.stdout, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
            except ValueError as err:
                self.record("silent", label, f"--json output is not strict JSON: {err}")
                return
        if done.returncode == 0:
            self.record("accepted" if expect != REJECT else "silent", label, done.stdout[-200:])
        elif expect == ACCEPT:
            self.record("unhelpful", label, f"valid input refused: {text[-300:]}")
        elif text.strip():
            self.record("clear error", label, text.strip().splitlines()[-1])
        else:
            self.record("unhelpful", label, f"exit {done.returncode} with no message")


    def child(self, label: str, body: str, expect: str, names: tuple[str, ...]) -> None:
        """One API call in a fresh process under :data:`MEMORY_LIMIT` (so that an allocation the size
        check misses ends in MemoryError, a crash, instead of swapping). ``body`` is the source of a
        function ``probe()``; expect REJECT (must raise naming one of names), ACCEPT, EITHER, or TRUE
        (``probe()`` must return True: it checked the answer itself)."""
        code = _CHILD.replace("BODY", textwrap.indent(textwrap.dedent(body).strip(), "    "))
        try:
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  timeout=TIME_LIMIT * 3, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  preexec_fn=_limit_memory)
        except subprocess.TimeoutExpired:
            self.record("crash or hang", label, "no answer")
            return
        lines = done.stdout.strip().splitlines()
        try:
            outcome = json.loads(lines[-1])
        except (IndexError, ValueError):
            self.record("crash or hang", label, f"exit {done.returncode}: {(done.stdout + done.stderr)[-300:]}")
            return
        kind, text = outcome["kind"], outcome.get("message", "")
        if kind == "error" and (outcome["type"] in ("TypeError", "ValueError", "AssertionError")
                                or outcome["subclass"]):
            if expect == ACCEPT:
                self.record("unhelpful", label, f"valid input refused: {outcome['type']}: {text}")
            elif any(n in text for n in names) or outcome["type"] == "AssertionError":
                self.record("clear error", label, text)
            else:
                self.record("unhelpful", label, f"{outcome['type']}: {text}")
        elif kind == "error":
            self.record("crash or hang", label, f"{outcome['type']}: {text}")
        elif expect == REJECT:
            self.record("silent", label, f"accepted: {outcome['repr']}")
        elif not outcome["finite"]:
            self.record("silent", label, "non-finite output from finite input")
        elif expect == TRUE and outcome["repr"] != "True":
            self.record("silent", label, f"wrong answer: {outcome['repr']}")
        else:
            self.record("accepted", label, "")


TRUE = "true"  # Run.child: probe() checks the answer and returns True
MEMORY_LIMIT = 3 * 2**30  # address space of a size probe's process: well under this machine's memory

# The program a size probe runs: probe() (BODY), then one line of JSON saying how it ended.
_CHILD = """
import json, math, sys
import numpy as np
def probe():
BODY
try:
    result = probe()
except BaseException as err:  # everything, MemoryError above all, is reported to the parent
    print(json.dumps({"kind": "error", "type": type(err).__name__, "message": str(err)[:500],
                      "subclass": isinstance(err, (TypeError, ValueError)) and type(err).__module__ != "builtins"}))
else:
    finite = not isinstance(result, np.ndarray) or result.dtype.kind not in "fc" or bool(np.isfinite(result).all())
    print(json.dumps({"kind": "ok", "finite": finite, "repr": repr(result)[:120]}))
"""


def _limit_memory() -> None:
    """Run in a child before it starts: cap its address space at MEMORY_LIMIT (Linux)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _valid_real(v: Any, low: float, high: float, *, integer: bool = False, low_open: bool = True) -> bool:
    """Whether v is a number the argument may legitimately take."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        return False
    if integer and not isinstance(v, (int, np.integer)):
        return False
    try:
        f = float(v)
    except OverflowError:
        return False
    if not math.isfinite(f):
        return False
    return (f > low if low_open else f >= low) and f <= high


def api_calls(run: Run) -> None:
    x8, pos3 = np.ones((3, 8)), np.arange(3.0)
    # -- constructors: every argument, every hostile value ---------------------------------------
    for label, v in HOSTILE:
        run.api(f"RoPE(dim={label})", lambda v=v: RoPE(v).apply(np.ones(8), 1.0), EITHER, ("dim",))
        run.api(f"RoPE(base={label})", lambda v=v: RoPE(8, base=v).apply(x8, pos3), EITHER, ("base",))
        run.api(f"RoPE(layout={label})", lambda v=v: RoPE(8, layout=v), REJECT, ("layout",))
        run.api(f"RoPE(rotary_dim={label})", lambda v=v: RoPE(8, rotary_dim=v).apply(x8, pos3), EITHER,
                ("rotary_dim",))
        run.api(f"RoPE(precision={label})", lambda v=v: RoPE(8, precision=v), REJECT, ("precision",))
        run.api(f"RoPE(scaling={label})", lambda v=v: RoPE(8, scaling=v).apply(x8, pos3),
                ACCEPT if v is None else REJECT, ("scaling",))
        run.api(f"RoPE.apply(positions={label})", lambda v=v: RoPE(8).apply(np.ones(8), v), EITHER, ("positions",))
        run.api(f"RoPE.apply(seq_len={label})", lambda v=v: RoPE(8).apply(x8, pos3, seq_len=v), EITHER, ("seq_len",))
        run.api(f"RoPE.cos_sin(scaled={label})", lambda v=v: RoPE(8).cos_sin(pos3, scaled=v),
                ACCEPT if isinstance(v, (bool, np.bool_)) else REJECT, ("scaled",))
        run.api(f"RoPE.apply(x={label})", lambda v=v: RoPE(2).apply(v, 0.0), EITHER, ("x",))
        run.api(f"RoPE.matrix(position={label})", lambda v=v: RoPE(4).matrix(v), EITHER, ("position",))
        run.api(f"default_inv_freq(base={label})", lambda v=v: default_inv_freq(8, v), EITHER, ("base",))
        run.api(f"XPos(scale_base={label})", lambda v=v: XPos(RoPE(8), scale_base=v).apply(x8, pos3), EITHER,
                ("scale_base",))
        run.api(f"XPos(centre={label})", lambda v=v: XPos(RoPE(8), centre=v).apply(x8, pos3), EITHER,
                ("centre", "positions"))
        run.api(f"XPos.apply(role={label})", lambda v=v: XPos(RoPE(8)).apply(x8, pos3, role=v), REJECT, ("role",))
        for precision in ("float64", "exact"):
            run.api(f"XPos.apply(positions={label}, {precision})",
                    lambda v=v, p=precision: XPos(RoPE(8, precision=p)).apply(np.ones(8), v, role="key"), EITHER,
                    ("positions",))
        # scaling rules: each numeric parameter
        rules: list[tuple[str, Callable[[Any], Any], tuple[str, ...]]] = [
            ("Linear(factor)", lambda v: sc.Linear(v), ("factor",)),
            ("NTKAware(factor)", lambda v: sc.NTKAware(v), ("factor",)),
            ("DynamicNTK(factor)", lambda v: sc.DynamicNTK(v, 4096), ("factor",)),
            ("DynamicNTK(max_position_embeddings)", lambda v: sc.DynamicNTK(2.0, v), ("max_position_embeddings",)),
            ("DynamicNTKFixed(factor)", lambda v: sc.DynamicNTKFixed(v), ("factor",)),
            ("YaRN(factor)", lambda v: sc.YaRN(v, 4096), ("factor",)),
            ("YaRN(original_max_position_embeddings)", lambda v: sc.YaRN(4.0, v),
             ("original_max_position_embeddings",)),
            ("YaRN(beta_fast)", lambda v: sc.YaRN(4.0, 4096, beta_fast=v), ("beta_fast",)),
            ("YaRN(beta_slow)", lambda v: sc.YaRN(4.0, 4096, beta_slow=v), ("beta_slow", "beta_fast")),
            ("YaRN(mscale)", lambda v: sc.YaRN(4.0, 4096, mscale=v, mscale_all_dim=1.0), ("mscale",)),
            ("YaRN(attention_factor_override)", lambda v: sc.YaRN(4.0, 4096, attention_factor_override=v),
             ("attention_factor_override",)),
            ("YaRN(truncate)", lambda v: sc.YaRN(4.0, 4096, truncate=v), ("truncate",)),
            ("DeepSeekYaRN(mscale)", lambda v: sc.DeepSeekYaRN(4.0, 4096, mscale=v), ("mscale",)),
            ("DeepSeekYaRN(attn_factor)", lambda v: sc.DeepSeekYaRN(4.0, 4096, attn_factor=v), ("attn_factor",)),
            ("Llama3(factor)", lambda v: sc.Llama3(factor=v), ("factor",)),
            ("Llama3(low_freq_factor)", lambda v: sc.Llama3(low_freq_factor=v), ("low_freq_factor",
                                                                                  "high_freq_factor")),
            ("Llama3(high_freq_factor)", lambda v: sc.Llama3(high_freq_factor=v), ("high_freq_factor",)),
            ("Llama3(original_max_position_embeddings)", lambda v: sc.Llama3(original_max_position_embeddings=v),
             ("original_max_position_embeddings",)),
            ("LongRoPE(short_factor)", lambda v: sc.LongRoPE(v, (1.0,) * 4, 4096, factor=2.0),
             ("short_factor",)),
            ("LongRoPE(original_max_position_embeddings)", lambda v: sc.LongRoPE((1.0,) * 4, (2.0,) * 4, v,
                                                                                  factor=2.0),
             ("original_max_position_embeddings",)),
            ("LongRoPE(factor)", lambda v: sc.LongRoPE((1.0,) * 4, (2.0,) * 4, 4096, factor=v), ("factor",)),
            ("LongRoPE(attention_factor_override)", lambda v: sc.LongRoPE((1.0,) * 4, (2.0,) * 4, 4096, factor=2.0,
                                                                          attention_factor_override=v),
             ("attention_factor_override",)),
            ("Proportional(partial_rotary_factor)", lambda v: sc.Proportional(v), ("partial_rotary_factor",)),
        ]
        for name, make, names in rules:
            for precision in ("float64", "exact"):
                run.api(f"{name}={label} [{precision}]",
                        lambda make=make, v=v, p=precision: RoPE(8, scaling=make(v), precision=p).apply(
                            x8, np.array([0.0, 5000.0, 1e5])), EITHER, names)
        # testing helpers
        run.api(f"assert_rope_close(actual={label})", lambda v=v: assert_rope_close(v, np.ones(1), dtype="float32"),
                EITHER, ("actual",))
        run.api(f"assert_rope_close(expected={label})",
                lambda v=v: assert_rope_close(np.ones(1), v, dtype="float32"), EITHER, ("expected",))
        run.api(f"rope_tolerance(max_angle={label})", lambda v=v: rope_tolerance(np.ones(4), dtype="float32",
                                                                                 max_angle=v), EITHER, ("max_angle",))
        run.api(f"rope_tolerance(attention_factor={label})",
                lambda v=v: rope_tolerance(np.ones(4), dtype="float32", attention_factor=v), EITHER,
                ("attention_factor",))
        run.api(f"assert_rope_close(dtype={label})", lambda v=v: assert_rope_close(np.ones(1), np.ones(1), dtype=v),
                REJECT, ("dtype",))
        run.api(f"assert_rope_close(worst={label})",
                lambda v=v: assert_rope_close(np.ones(1), np.ones(1), dtype="float32", worst=v),
                ACCEPT if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else EITHER, ("worst",))
        run.api(f"MultiAxisRoPE.axial(base={label})", lambda v=v: MultiAxisRoPE.axial(8, 2, base=v).apply(
            np.ones(8), [1.0, 2.0]), EITHER, ("base",))
        run.api(f"MultiAxisRoPE.axial(axes={label})", lambda v=v: MultiAxisRoPE.axial(8, v), EITHER, ("axes",))
        run.api(f"MultiAxisRoPE.apply(positions={label})",
                lambda v=v: MultiAxisRoPE.axial(8, 2).apply(np.ones(8), [v, 1.0]), EITHER, ("positions",))
        run.api(f"from_hf_config(rope_theta={label})",
                lambda v=v: from_hf_config({"hidden_size": 64, "num_attention_heads": 8, "rope_theta": v}), EITHER,
                ("rope_theta", "base"))
        run.api(f"from_hf_config(rope_scaling.factor={label})",
                lambda v=v: from_hf_config({"hidden_size": 64, "num_attention_heads": 8,
                                            "rope_scaling": {"rope_type": "linear", "factor": v}}), EITHER,
                ("factor",))
    # -- specific findings of the issue ------------------------------------------------------------
    big = [1e300, 1e305, 1e-300, 1e-305, 2.0**995, 2.0**-995, 2.0**996, 1 + 2**-52, 1 - 2**-53]
    for b in big:
        for d in (2, 8, 1024):
            for precision in ("float64", "exact"):
                run.api(f"RoPE({d}, base={b!r}, {precision})", lambda b=b, d=d, p=precision: RoPE(
                    d, base=b, precision=p).apply(np.ones((4, d)), np.array([0.0, 1.0, 1e3, 1e9])), EITHER,
                    ("base", "positions"))
    for m in (1e3, 1e5, 1e6, 1e9, -1e6, 1e300):
        for role in ("query", "key"):
            for precision in ("float64", "exact"):
                run.api(f"XPos.apply({m}, {role}, {precision})", lambda m=m, r=role, p=precision: XPos(
                    RoPE(8, precision=p)).apply(np.ones(8), m, role=r), EITHER, ("positions",))
    run.api("YaRN beta_fast < beta_slow", lambda: sc.YaRN(4.0, 4096, beta_fast=1.0, beta_slow=32.0), REJECT,
            ("beta_fast",))
    for n in (1, 3, 5, 8):
        run.api(f"LongRoPE short_factor of {n} for d=8", lambda n=n: RoPE(8, scaling=sc.LongRoPE(
            (1.0,) * n, (1.0,) * 4, 4096, factor=2.0)), ACCEPT if n == 4 else REJECT, ("short_factor",))
        run.api(f"LongRoPE long_factor of {n} for d=8", lambda n=n: RoPE(8, scaling=sc.LongRoPE(
            (1.0,) * 4, (1.0,) * n, 4096, factor=2.0)), ACCEPT if n == 4 else REJECT, ("long_factor",))
        run.api(f"from_hf_config longrope lists of {n}", lambda n=n: from_hf_config({
            "hidden_size": 64, "num_attention_heads": 8, "max_position_embeddings": 131072,
            "original_max_position_embeddings": 4096,
            "rope_scaling": {"type": "longrope", "short_factor": [1.0] * n, "long_factor": [1.0] * 4}}),
            ACCEPT if n == 4 else REJECT, ("short_factor",))
    for l0 in (1, 0.5, 1.5):
        run.api(f"LongRoPE L0={l0}", lambda l0=l0: RoPE(8, scaling=sc.LongRoPE((1.0,) * 4, (1.0,) * 4, l0,
                                                                                 factor=2.0)).apply(x8, pos3), EITHER,
                ("original_max_position_embeddings",))
    run.api("assert_rope_close complex actual", lambda: assert_rope_close(np.ones(4) + 1j, np.ones(4), dtype="float64"),
            REJECT, ("actual",))
    run.api("assert_rope_close max_angle inf", lambda: assert_rope_close(np.zeros(4), np.ones(4), dtype="float64",
                                                                         max_angle=math.inf), REJECT, ("max_angle",))
    run.api("assert_rope_close inf vs 1e308", lambda: assert_rope_close(np.full(4, np.inf), np.full(4, 1e308),
                                                                        dtype="float64"), REJECT, ("actual",))
    run.api("catalogue params are copies", _catalogue_is_copied, ACCEPT, ())
    for shape in [(0, 8), (3, 0, 8), (0,)]:
        for precision in ("float64", "exact"):
            run.api(f"empty axis {shape} {precision}", lambda s=shape, p=precision: RoPE(8, precision=p).apply(
                np.ones(s), np.zeros(s[:-1])), EITHER, ("x", "positions"))
    for xs in (1e308, 1.7e308, 1e300):
        for precision in ("float64", "exact"):
            run.api(f"x = {xs} {precision}", lambda xs=xs, p=precision: RoPE(8, precision=p).apply(
                np.full(8, xs), 1.0), EITHER, ("x",))
    for seq_len in (1e15, 1e300):
        run.api(f"DynamicNTK seq_len {seq_len}", lambda s=seq_len: RoPE(8, scaling=sc.DynamicNTK(2.0, 4096)).apply(
            x8, pos3, seq_len=s), EITHER, ("seq_len",))
    for bad in ("", "neox", "HALF", " half"):
        run.api(f"layout {bad!r}", lambda b=bad: RoPE(8, layout=b), REJECT, ("layout",))
    config_files(run)


def _catalogue_is_copied() -> bool:
    spec = golden.case("half_basic_d8")
    spec.params["head_dim"] = 16
    if golden.case("half_basic_d8").params["head_dim"] != 8:
        raise AssertionError("golden.case hands out the catalogue's own dict")
    return True


def config_files(run: Run) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rope-ref-adversarial-"))
    try:
        fifo = tmp / "fifo.json"
        os.mkfifo(fifo)
        deep = tmp / "deep.json"
        deep.write_text("[" * 100000 + "]" * 100000)
        huge = tmp / "huge.json"
        huge.write_text('{"hidden_size": 64, "num_attention_heads": 8, "rope_theta": 1' + "0" * 400 + "}")
        nan = tmp / "nan.json"
        nan.write_text('{"hidden_size": 64, "num_attention_heads": 8, "rope_theta": NaN}')
        binary = tmp / "binary.json"
        binary.write_bytes(b"\xff\xfe\x00")
        unreadable = tmp / "unreadable.json"
        unreadable.write_text("{}")
        unreadable.chmod(0)
        for label, path in [("directory", tmp), ("FIFO", fifo), ("deep nesting", deep), ("huge int", huge),
                            ("NaN", nan), ("binary", binary), ("unreadable", unreadable), ("/dev/zero", "/dev/zero"),
                            ("NUL in name", str(tmp) + "/a\x00b"), ("long name", str(tmp) + "/" + "a" * 5000),
                            ("missing", tmp / "missing.json")]:
            run.api(f"from_hf_config({label})", lambda p=path: from_hf_config(p), EITHER, ("config",))
            if "\x00" not in str(path):  # no command line can carry a NUL byte
                run.cli(f"rope-ref table --config ({label})", ["table", "--config", str(path)], EITHER)
    finally:
        shutil.rmtree(tmp)


def cli_calls(run: Run) -> None:
    for argv in (["table", "--dim", "8", "--base", "1e305", "--json"], ["table", "--dim", "8", "--base", "1e-305"],
                 ["table", "--dim", "8", "--layout", ""], ["table", "--dim", "8", "--positions", "0:1e400"],
                 ["table", "--dim", "8", "--positions", "nan"], ["table", "--dim", "8", "--seq-len", "inf"],
                 ["table", "--dim", "7"], ["table", "--dim", "99999999999"], ["table", "--dim", "8", "--rotary-dim",
                                                                              "0"],
                 ["table", "--dim", "8", "--precision", "fast"], ["golden", "show", "nope"],
                 ["golden", "verify", "/nonexistent", "--json"],
                 ["golden", "verify", "/dev/null", "--json"], ["golden", "generate", "--out", "."],
                 ["golden", "generate", "--out", "/"], ["golden", "generate", "--out", "/dev/null", "--force"],
                 ["bench", "--shape", "100000,100000,128"], ["bench", "--shape", "1,2,8", "--repeat", "100000000"],
                 ["bench", "--shape", "1,2,8", "--exact-tables", "999999999999"], ["bench", "--shape", "1,2,7"],
                 ["audit", "--samples", "100000000000"], ["audit", "--samples", "0"], ["audit", "--base", "1e305"],
                 ["audit", "--exponents", "0:99"], ["audit", "--recipes", ",,"], ["audit", "--dim", "8", "--json",
                                                                                   "--base", "nan"],
                 ["check", "nope:fn", "--dim", "8"], ["check", "/dev/null:fn", "--dim", "8"]):
        run.cli(" ".join(argv), argv, REJECT, json_out="--json" in argv)
    run.cli("table --json (valid)", ["table", "--dim", "8", "--json"], ACCEPT, json_out=True)
    run.cli("golden list --json", ["golden", "list", "--json"], ACCEPT, json_out=True)
    tamper_calls(run)


def _tampers() -> list[tuple[str, Callable[[Path], None]]]:
    """Ways to damage a copy of golden/v2 (the current set); each must end in a failed report."""

    def manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
        def apply(root: Path) -> None:
            data = json.loads((root / "manifest.json").read_text())
            change(data)
            (root / "manifest.json").write_text(json.dumps(data, indent=2))
        return apply

    def first(data: dict[str, Any]) -> dict[str, Any]:
        return data["cases"][0]

    def file_of(root: Path) -> Path:
        return root / "half_basic_d2" / "x.npy"

    def fifo(root: Path) -> None:
        file_of(root).unlink()
        os.mkfifo(file_of(root))

    def symlink_loop(root: Path) -> None:
        file_of(root).unlink()
        os.symlink(file_of(root).name, file_of(root))

    def symlink_out(root: Path) -> None:
        target = root.parent / "outside.npy"
        shutil.copy(file_of(root), target)
        file_of(root).unlink()
        os.symlink(target, file_of(root))

    def directory(root: Path) -> None:
        file_of(root).unlink()
        file_of(root).mkdir()

    def unreadable(root: Path) -> None:
        file_of(root).chmod(0)

    def manifest_fifo(root: Path) -> None:
        (root / "manifest.json").unlink()
        os.mkfifo(root / "manifest.json")

    return [
        ("duplicate id", manifest(lambda d: d["cases"].append(dict(d["cases"][0])) or d.update(
            case_count=len(d["cases"])))),
        ("extra field", manifest(lambda d: first(d).update(extra=1))),
        ("removed field", manifest(lambda d: first(d).pop("comment"))),
        ("dtype null", manifest(lambda d: first(d)["files"]["x"].update(dtype=None))),
        ("dtype unknown", manifest(lambda d: first(d)["files"]["x"].update(dtype="float128"))),
        ("comment tampered", manifest(lambda d: first(d).update(comment="something else"))),
        ("reference tampered", manifest(lambda d: first(d)["reference"].update(method="torch"))),
        ("generator tampered", manifest(lambda d: d["generator"].update(name="evil"))),
        ("files []", manifest(lambda d: first(d).update(files=[]))),
        ("missing input", manifest(lambda d: first(d)["files"].pop("x"))),
        ("null shape", manifest(lambda d: first(d)["files"]["x"].update(shape=None))),
        ("list id", manifest(lambda d: first(d).update(id=["half_basic_d2"]))),
        ("NUL in file name", manifest(lambda d: first(d)["files"]["x"].update(file="half_basic_d2/x\x00.npy"))),
        ("long file name", manifest(lambda d: first(d)["files"]["x"].update(file="half_basic_d2/" + "a" * 5000))),
        ("huge shape", manifest(lambda d: first(d)["files"]["x"].update(shape=[10**30]))),
        ("shape bool", manifest(lambda d: first(d)["files"]["x"].update(shape=[True, 2]))),
        ("sha256 int", manifest(lambda d: first(d)["files"]["x"].update(sha256=5))),
        ("tolerance NaN", lambda root: (root / "manifest.json").write_text(re.sub(
            r'"atol": [-+0-9.eE]+', '"atol": NaN', (root / "manifest.json").read_text(), count=1))),
        ("case_count wrong", manifest(lambda d: d.update(case_count=3))),
        ("cases not a list", manifest(lambda d: d.update(cases={}))),
        ("entry not an object", manifest(lambda d: d["cases"].__setitem__(0, 42))),
        ("FIFO array", fifo), ("symlink loop", symlink_loop), ("symlink out", symlink_out),
        ("directory array", directory), ("unreadable array", unreadable), ("manifest FIFO", manifest_fifo),
        ("manifest missing", lambda root: (root / "manifest.json").unlink()),
        ("manifest empty", lambda root: (root / "manifest.json").write_text("")),
        ("manifest deep", lambda root: (root / "manifest.json").write_text("[" * 100000 + "]" * 100000)),
    ]


def tamper_calls(run: Run) -> None:
    for label, tamper in _tampers():
        tmp = Path(tempfile.mkdtemp(prefix="rope-ref-tamper-"))
        try:
            root = tmp / "v2"
            shutil.copytree(ROOT / "golden" / "v2", root)
            tamper(root)
            # root reads a chmod 0 file anyway: the intact file then rightly passes
            expect = EITHER if label == "unreadable array" and os.geteuid() == 0 else REJECT
            run.cli(f"golden verify --json ({label})", ["golden", "verify", str(root), "--json"], expect,
                    json_out=True)
            run.cli(f"golden show ({label})", ["golden", "show", "half_basic_d2", "--root", str(root)], EITHER)
        finally:
            _remove(tmp)


# -- the environment: files, processes, sizes ------------------------------------------------------------

# A correct implementation, an identity, and implementations that end or stall the process, as files
# a user would hand to `rope-ref check FILE:fn`.
_IMPLS = {
    "correct": "from rope_ref import RoPE\n\ndef apply(x, positions):\n    return RoPE(8).apply(x, positions)\n",
    "exit_at_import": "import sys\nsys.exit(0)\n\ndef apply(x, positions):\n    return x\n",
    "exit_in_fn": "import sys\n\ndef apply(x, positions):\n    sys.exit(0)\n",
    "raise_exit_3": "def apply(x, positions):\n    raise SystemExit(3)\n",
    "keyboard_interrupt": "def apply(x, positions):\n    raise KeyboardInterrupt\n",
    "hangs": "import time\n\ndef apply(x, positions):\n    time.sleep(3600)\n",
    "huge_output": "import numpy as np\n\ndef apply(x, positions):\n    return np.broadcast_to(0.0, (2**40, 8))\n",
}


def _kind(path: Path) -> str:
    """What is at path, without following a symlink: 'fifo', 'symlink', 'file', 'directory' or 'missing'."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    return ("fifo" if stat.S_ISFIFO(mode) else "symlink" if stat.S_ISLNK(mode) else
            "file" if stat.S_ISREG(mode) else "directory" if stat.S_ISDIR(mode) else "other")


def _still(*expected: tuple[Path, str]) -> Callable[[subprocess.CompletedProcess[str]], str | None]:
    """A postcondition: each path is still what it was (a FIFO, a symlink, ...)."""
    def after(done: subprocess.CompletedProcess[str]) -> str | None:
        for path, kind in expected:
            if _kind(path) != kind:
                return f"{path.name} was a {kind} and is now a {_kind(path)} (exit {done.returncode})"
        return None
    return after


def _snapshot_error(npz: Path) -> str | None:
    """Why an exported file is not one snapshot of one set, or None: every array must hash to what the
    manifest packed with it says, and a model set's cases must come from the model.json packed with it."""
    with zipfile.ZipFile(npz) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}

    def document(name: str) -> Any:
        return json.loads(np.load(io.BytesIO(members[f"{name}.npy"]), allow_pickle=False).tobytes())

    manifest, model = document("manifest.json"), document("model.json")
    for entry in manifest["cases"]:
        for name, desc in entry["files"].items():
            member = f"{entry['id']}/{name}.npy"
            if member not in members or hashlib.sha256(members[member]).hexdigest() != desc["sha256"]:
                return f"{member} is not the array its manifest describes"
        if entry["params"].get("rope_theta") != model["config"]["rope_theta"]:
            return f"{entry['id']} was not made from the model.json packed with it"
    return None


def environment_calls(api: Run, cli: Run) -> None:
    """Special files, concurrent writers, hostile names, sizes under an address-space limit, masked
    arrays and implementations that end the process."""
    tmp = Path(tempfile.mkdtemp(prefix="rope-ref-environment-"))
    try:
        _golden_special_files(cli, tmp)
        _golden_concurrent(cli, tmp)
        _loading(api, cli, tmp)
        _sizes(api, cli, tmp)
        _masked_and_meaningless(api)
    finally:
        _remove(tmp)


def _remove(tmp: Path) -> None:
    """Delete a probe's folder, first making writable what a probe made unreadable (symlinks left alone)."""
    for path in tmp.rglob("*"):
        with contextlib.suppress(OSError):
            if not path.is_symlink():
                path.chmod(stat.S_IRWXU)
    shutil.rmtree(tmp, ignore_errors=True)


def _golden_copy(tmp: Path, name: str) -> Path:
    root = tmp / name
    shutil.copytree(ROOT / "golden" / "v2", root)
    return root


def _golden_special_files(cli: Run, tmp: Path) -> None:
    # The manifest export reads: a FIFO (a plain open would block), symlinks to endless or odd files.
    for label, make in [("FIFO", os.mkfifo), ("symlink to /dev/zero", lambda p: os.symlink("/dev/zero", p)),
                        ("symlink to /proc/self/fd/1", lambda p: os.symlink("/proc/self/fd/1", p)),
                        ("directory", os.mkdir)]:
        root = _golden_copy(tmp, "manifest-" + label.replace(" ", "_").replace("/", "_"))
        (root / "manifest.json").unlink()
        make(root / "manifest.json")
        cli.cli(f"golden export (manifest is a {label})", ["golden", "export", "--root", str(root), "--npz",
                                                           str(tmp / "out.npz")], REJECT)
    # The --npz target under --force: only a regular file (or nothing) may be replaced.
    root = _golden_copy(tmp, "export-source")
    targets = tmp / "targets"
    targets.mkdir()
    fifo, plain, folder = targets / "fifo.npz", targets / "plain.npz", targets / "folder.npz"
    os.mkfifo(fifo)
    plain.write_bytes(b"old")
    folder.mkdir()
    to_fifo, to_plain, dangling = targets / "to_fifo.npz", targets / "to_plain.npz", targets / "dangling.npz"
    os.symlink(fifo, to_fifo)
    os.symlink(plain, to_plain)
    os.symlink(targets / "nowhere", dangling)
    for label, target, keep in [
        ("a FIFO", fifo, [(fifo, "fifo")]),
        ("a symlink to a FIFO", to_fifo, [(to_fifo, "symlink"), (fifo, "fifo")]),
        ("a symlink to a regular file", to_plain, [(to_plain, "symlink"), (plain, "file")]),
        ("a dangling symlink", dangling, [(dangling, "symlink")]),
        ("a directory", folder, [(folder, "directory")]),
    ]:
        cli.cli(f"golden export --force (--npz is {label})", ["golden", "export", "--root", str(root), "--npz",
                                                              str(target), "--force"], REJECT, after=_still(*keep))
    cli.cli("golden export --force (--npz is a regular file)", ["golden", "export", "--root", str(root), "--npz",
                                                                 str(plain), "--force"], ACCEPT,
            after=lambda done: None if zipfile.is_zipfile(plain) else "the regular file was not replaced")
    # Case ids and file names that would leave the archive's folder.
    for label, change in [("case id ../../evil", lambda e: e.update(id="../../evil")),
                          ("case id /abs", lambda e: e.update(id="/abs")),
                          ("file ../x.npy", lambda e: e["files"]["x"].update(file="../x.npy"))]:
        root = _golden_copy(tmp, "escape-" + re.sub(r"\W", "_", label))
        manifest = json.loads((root / "manifest.json").read_text())
        change(manifest["cases"][0])
        (root / "manifest.json").write_text(json.dumps(manifest, indent=2))
        out = tmp / f"escape-{re.sub(r'[^a-z]', '', label)}.npz"
        cli.cli(f"golden export ({label})", ["golden", "export", "--root", str(root), "--npz", str(out)], REJECT,
                after=lambda done, out=out: f"wrote {out.name}" if out.exists() else None)
    # $ROPE_REF_GOLDEN reaches every golden command, list included.
    root = _golden_copy(tmp, "env-set")
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["cases"] = manifest["cases"][:1]
    manifest["case_count"] = 1
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2))
    only = manifest["cases"][0]["id"]

    def lists_only(done: subprocess.CompletedProcess[str]) -> str | None:
        listed = json.loads(done.stdout) if done.returncode == 0 else None
        ids = [c["id"] if isinstance(c, dict) else c for c in (listed.get("cases", listed) if isinstance(
            listed, dict) else listed or [])]
        return None if done.returncode != 0 or ids == [only] else f"listed {len(ids)} cases, not the set's 1"
    cli.cli("golden list --json ($ROPE_REF_GOLDEN set)", ["golden", "list", "--json"], EITHER,
            env={"ROPE_REF_GOLDEN": str(root)}, json_out=True, after=lists_only)
    cli.cli("golden list ($ROPE_REF_GOLDEN missing)", ["golden", "list"], REJECT,
            env={"ROPE_REF_GOLDEN": str(tmp / "missing")})
    # A model set in a folder whose name is 250 characters long: legal, so its lock and staging names fit too.
    config = ROOT / "tests" / "data" / "model_sets" / "qwen2.5-7b-instruct-yarn.json"
    long = tmp / ("m" * 250)
    cli.cli("golden generate --config (250-character --out)", ["golden", "generate", "--config", str(config),
                                                               "--out", str(long)], ACCEPT)
    cli.cli("golden verify (250-character folder)", ["golden", "verify", str(long)], ACCEPT)


def _golden_concurrent(cli: Run, tmp: Path) -> None:
    """Two `generate --force` of different models swap one folder while `export` packs it."""
    out, configs = tmp / "swapped", []
    for theta in (10000.0, 500000.0):
        config = tmp / f"model-{int(theta)}.json"
        config.write_text(json.dumps({"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4,
                                      "max_position_embeddings": 2048, "rope_theta": theta}))
        configs.append(config)
    cli.cli("golden generate --config (concurrency set-up)", ["golden", "generate", "--config", str(configs[0]),
                                                              "--out", str(out)], ACCEPT)
    stop = threading.Event()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def swap(config: Path) -> None:
        while not stop.is_set():
            subprocess.run([*ROPE_REF, "golden", "generate", "--config", str(config), "--out",
                            str(out), "--force"], capture_output=True, timeout=TIME_LIMIT * 3, env=env, cwd=ROOT)
    writers = [threading.Thread(target=swap, args=(c,)) for c in configs]
    for w in writers:
        w.start()
    try:
        for i in range(6):
            npz = tmp / f"during-swap-{i}.npz"
            cli.cli(f"golden export during generate --force #{i}", ["golden", "export", "--root", str(out), "--npz",
                                                                     str(npz)], EITHER,
                    after=lambda done, npz=npz: _snapshot_error(npz) if done.returncode == 0 else None)
    finally:
        stop.set()
        for w in writers:
            w.join()
    cli.cli("golden verify after the swaps", ["golden", "verify", str(out)], ACCEPT)


def _loading(api: Run, cli: Run, tmp: Path) -> None:
    impls = tmp / "impls"
    impls.mkdir()
    for name, source in _IMPLS.items():
        (impls / f"{name}.py").write_text(source)
    (impls / "random.py").write_text(_IMPLS["correct"])  # shadows the standard library's random
    check = ["check", "--dim", "8"]
    cli.cli("check random:apply (./random.py beside the stdlib's)", [*check[:1], "random:apply", *check[1:]],
            ACCEPT, cwd=impls)
    for name, expect in [("exit_at_import", REJECT), ("exit_in_fn", REJECT), ("raise_exit_3", REJECT),
                         ("keyboard_interrupt", REJECT), ("huge_output", REJECT)]:
        cli.cli(f"check {name}.py:apply", [*check[:1], f"{name}.py:apply", *check[1:]], expect, cwd=impls,
                limit_memory=True)
    cli.cli("check hangs.py:apply --timeout 1", [*check[:1], "hangs.py:apply", *check[1:], "--timeout", "1"], REJECT,
            cwd=impls)
    for timeout in ("1e300", "inf", "nan", "-1"):
        cli.cli(f"check --timeout {timeout}", [*check[:1], "correct.py:apply", *check[1:], "--timeout", timeout],
                EITHER, cwd=impls)
    fifo = tmp / "config-fifo.json"
    os.mkfifo(fifo)
    cli.cli("check --transformers (a FIFO)", ["check", "--transformers", str(fifo)], REJECT)
    api.child("from_transformers(a FIFO)", f"""
        from rope_ref.interop import from_transformers
        return from_transformers({str(fifo)!r})
    """, REJECT, ("config", "FIFO", "fifo", str(fifo)))
    corrupt = tmp / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07\xff\xfe" + os.urandom(256))
    api.child("from_onnx(a corrupted file)", f"""
        from rope_ref.interop import from_onnx
        return from_onnx({str(corrupt)!r})
    """, REJECT, ("model", "onnx", "path", str(corrupt)))


def _sizes(api: Run, cli: Run, tmp: Path) -> None:
    huge_x = "np.broadcast_to(np.ones(8), (2**40, 8))"  # 8 TiB behind a zero-stride view
    for label, body, names in [
        ("RoPE.apply(zero-stride x of 8 TiB)", f"from rope_ref import RoPE\nreturn RoPE(8).apply({huge_x}, 0.0)",
         ("x",)),
        ("RoPE.apply(exact, zero-stride x)", f"from rope_ref import RoPE\n"
                                             f"return RoPE(8, precision='exact').apply({huge_x}, 0.0)", ("x",)),
        ("RoPE.apply(10**8 positions)", "from rope_ref import RoPE\nreturn RoPE(64).apply(np.ones(64), "
                                        "np.zeros(10**8))", ("x", "positions")),
        ("RoPE.cos_sin(10**8 positions)", "from rope_ref import RoPE\nreturn RoPE(128).cos_sin(np.zeros(10**8))[0]",
         ("positions",)),
        ("RoPE.angles(10**8 positions)", "from rope_ref import RoPE\nreturn RoPE(128).angles(np.zeros(10**8))",
         ("positions",)),
        ("RoPE(2**20).matrix", "from rope_ref import RoPE\nreturn RoPE(2**20).matrix(1.0)", ("dim", "position")),
        ("rotation_matrix(d = 2**20)", "from rope_ref.rotation import rotation_matrix\n"
                                       "return rotation_matrix(np.zeros(2**19))", ("angles", "dim")),
        ("rotate(zero-stride x)", f"from rope_ref.rotation import rotate\n"
                                  f"return rotate({huge_x}, np.ones(4, complex), 'half')", ("x",)),
        ("to_complex(zero-stride x)", f"from rope_ref.rotation import to_complex\nreturn to_complex({huge_x}, 'half')",
         ("x",)),
        ("XPos.apply(zero-stride x)", f"from rope_ref import RoPE, XPos\n"
                                      f"return XPos(RoPE(8)).apply({huge_x}, 1.0, role='key')", ("x",)),
        ("MultiAxisRoPE.apply(zero-stride x)", f"from rope_ref import MultiAxisRoPE\n"
                                               f"return MultiAxisRoPE.axial(8, 2).apply({huge_x}, [1.0, 2.0])",
         ("x",)),
        ("check(positions=arange(2*10**6))", "from rope_ref import RoPE, check\n"
                                             "report = check(RoPE(8).apply, dim=8, positions=np.arange(2 * 10**6))\n"
                                             "return bool(report.passed)", ("positions",)),
    ]:
        api.child(label, body, EITHER if label.startswith("check(") else REJECT, names)
    api.child("check(fn returning 8 TiB)", """
        from rope_ref import check
        report = check(lambda x, positions: np.broadcast_to(0.0, (2**40, 8)), dim=8)
        return not report.passed
    """, TRUE, ("fn", "shape"))
    for argv, expect in [(["bench", "--check-dim", "4194304"], REJECT), (["bench", "--check-dim", "1048576"], REJECT),
                         (["table", "--dim", "1048576", "--positions", "0:100000"], REJECT),
                         (["table", "--dim", "1048576", "--positions", "0:100000", "--json"], REJECT),
                         (["bench", "--shape", "1,1,1048576,128", "--repeat", "1", "--check-dim", "0"], EITHER)]:
        cli.cli(" ".join(argv) + " (3 GiB address space)", argv, expect, limit_memory=True,
                json_out="--json" in argv)


def _masked_and_meaningless(api: Run) -> None:
    from rope_ref import check, rotation
    from rope_ref._scaling_yarn import get_mscale

    x8 = np.ones((3, 8))
    mx = np.ma.masked_array(x8, mask=[[False] * 8, [True] * 8, [False] * 8])
    mpos = np.ma.masked_array([0.0, 123456789.0, 2.0], mask=[False, True, False])
    for precision in ("float64", "exact"):
        rope = RoPE(8, precision=precision)
        api.api(f"RoPE.apply(masked x, {precision})", lambda r=rope: r.apply(mx, np.arange(3.0)), REJECT, ("x",))
        api.api(f"RoPE.apply(masked positions, {precision})", lambda r=rope: r.apply(x8, mpos), REJECT,
                ("positions",))
        api.api(f"RoPE.invert(masked y, {precision})", lambda r=rope: r.invert(mx, np.arange(3.0)), REJECT, ("y",))
        api.api(f"RoPE.cos_sin(masked positions, {precision})", lambda r=rope: r.cos_sin(mpos), REJECT,
                ("positions",))
        api.api(f"XPos.apply(masked positions, {precision})", lambda r=rope: XPos(r).apply(x8, mpos, role="key"),
                REJECT, ("positions",))
    api.api("MultiAxisRoPE.apply(masked positions)", lambda: MultiAxisRoPE.axial(8, 2).apply(
        np.ones(8), np.ma.masked_array([1.0, 5.0], mask=[False, True])), REJECT, ("positions",))
    api.api("rotate(masked x)", lambda: rotation.rotate(mx, np.ones(4, complex), "half"), REJECT, ("x",))
    api.api("rotate_cos_sin(masked cos)", lambda: rotation.rotate_cos_sin(
        x8, np.ma.masked_array(np.ones(4), mask=[True, False, False, False]), np.zeros(4), "half"), REJECT, ("cos",))
    api.api("rotation_matrix(masked angles)", lambda: rotation.rotation_matrix(
        np.ma.masked_array([0.0, 1.0], mask=[False, True])), REJECT, ("angles",))
    api.api("check(masked positions)", lambda: check(RoPE(8).apply, dim=8, positions=mpos), REJECT, ("positions",))
    api.api("assert_rope_close(masked actual)", lambda: assert_rope_close(mx, x8, dtype="float64"), REJECT,
            ("actual",))
    # Numbers that pass but mean nothing.
    for m in (1e17, 1e300):
        api.api(f"RoPE.apply(float64, positions {m:g})", lambda m=m: RoPE(8).apply(np.ones(8), m), REJECT,
                ("positions",))
    api.api("RoPE.apply(float64, positions 2**31, d=128)", lambda: RoPE(128).apply(np.ones(128), 2.0**31), ACCEPT, ())
    for v in (math.nan, math.inf, -math.inf, -1.0):
        api.api(f"get_mscale({v})", lambda v=v: get_mscale(v), REJECT, ("scale",))
        api.api(f"get_mscale(2.0, mscale={v})", lambda v=v: get_mscale(2.0, v), REJECT, ("mscale",))
    for golden_flag in ("no", "False", 0, None, np.bool_(False)):
        api.api(f"check(golden={golden_flag!r})", lambda g=golden_flag: check(RoPE(8).apply, dim=8, golden=g),
                ACCEPT if isinstance(golden_flag, np.bool_) else REJECT, ("golden",))

    # A check whose cases cannot tell a rotation from none must not pass the identity.
    for label, kwargs in [("max_position=1", {"max_position": 1}), ("max_position=0", {"max_position": 0}),
                          ("positions=[0], golden=False", {"positions": [0], "golden": False})]:
        api.api(f"check(identity, {label}) fails", lambda k=kwargs: not check(
            lambda x, positions: np.array(x, copy=True), dim=8, **k).passed, TRUE,
            ("max_position", "positions", "rotation"))
    try:
        import torch
    except ImportError:
        return
    grad = torch.tensor(RoPE(8).apply(x8, np.arange(3.0)), requires_grad=True)
    api.api("assert_rope_close(tensor requiring grad)", lambda: assert_rope_close(
        grad, RoPE(8).apply(x8, np.arange(3.0)), dtype="float64"), ACCEPT, ())



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every call that is not a clear error or "
                                                                "accepted")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    api, cli = Run(args.verbose), Run(args.verbose)
    with contextlib.redirect_stderr(io.StringIO()):
        api_calls(api)
    cli_calls(cli)
    environment_calls(api, cli)
    columns = ["clear error", "accepted", "silent", "unhelpful", "crash or hang"]
    rows = {"API": api.counts, "CLI": cli.counts, "total": api.counts + cli.counts}
    if args.json:
        print(json.dumps({k: {"tried": sum(v.values()), **{c: v[c] for c in columns}} for k, v in rows.items()}))
    else:
        print(f"{'':6}{'tried':>7}" + "".join(f"{c:>15}" for c in columns))
        for name, counts in rows.items():
            print(f"{name:<6}{sum(counts.values()):>7}" + "".join(f"{counts[c]:>15}" for c in columns))
    for note in api.notes + cli.notes:
        print(note)
    total = rows["total"]
    return 0 if total["silent"] == 0 and total["crash or hang"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
