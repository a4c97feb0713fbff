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

Usage (from the repository root; takes about a minute):

    python tools/adversarial.py            # the table; exit 1 unless silent == crash == 0
    python tools/adversarial.py --verbose  # and every call that is not a clear error or accepted
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
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
        """One API call: expect REJECT (must raise naming one of names), ACCEPT or EITHER."""
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
        elif not _finite(result):
            self.record("silent", label, "non-finite output from finite input")
        else:
            self.record("accepted", label, "")

    def cli(self, label: str, argv: list[str], expect: str, cwd: Path | None = None,
            json_out: bool = False) -> None:
        """One command: a clear error is exit 1 or 2 with a message and no traceback."""
        try:
            done = subprocess.run([sys.executable, "-m", "rope_ref", *argv], capture_output=True, text=True,
                                  timeout=TIME_LIMIT * 3, cwd=cwd or ROOT,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        except subprocess.TimeoutExpired:
            self.record("crash or hang", label, "no answer")
            return
        text = done.stdout + done.stderr
        if "Traceback" in text:
            self.record("crash or hang", label, text[-400:])
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
    """Ways to damage a copy of golden/v1; each must end in a failed report."""

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
        ("tolerance NaN", lambda root: (root / "manifest.json").write_text(
            (root / "manifest.json").read_text().replace('"atol": 0.6368', '"atol": NaN', 1))),
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
            root = tmp / "v1"
            shutil.copytree(ROOT / "golden" / "v1", root)
            tamper(root)
            # root reads a chmod 0 file anyway: the intact file then rightly passes
            expect = EITHER if label == "unreadable array" and os.geteuid() == 0 else REJECT
            run.cli(f"golden verify --json ({label})", ["golden", "verify", str(root), "--json"], expect,
                    json_out=True)
            run.cli(f"golden show ({label})", ["golden", "show", "half_basic_d2", "--root", str(root)], EITHER)
        finally:
            for path in tmp.rglob("*"):
                with contextlib.suppress(OSError):
                    if not path.is_symlink():
                        path.chmod(stat.S_IRWXU)
            shutil.rmtree(tmp, ignore_errors=True)


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
