"""The golden catalogue: every case's parameters and inputs, and how its outputs are computed.

A case is one generator (an entry of :data:`CASES`) seeded from its id. Inputs are
float32-exact values (small dyadic rationals) stored as float32, integer positions as int64;
expected outputs are float64 from the exact-mode oracle. The same parameters and inputs always
give the same bytes.

Case ids are lowercase snake case, general to specific, and never reused: a case whose meaning
changes gets a new id.

Example:
    >>> from rope_ref.golden.catalogue import CASES, build_rope, make_inputs
    >>> spec = next(s for s in CASES if s.id == "half_basic_d8")
    >>> rope = build_rope(spec.params)
    >>> rope.dim, rope.layout, rope.precision, sorted(make_inputs(spec))
    (8, 'half', 'exact', ['positions', 'x'])
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from rope_ref import _cr, _hp, _rope_types
from rope_ref._deprecated import renamed
from rope_ref.exact import two_prod
from rope_ref.models._keys import _rule_from_block
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.xpos import XPos

__all__ = ["CASES", "FLAGS", "MODEL_SET_FLAGS", "REFERENCE_PRECISION", "CaseSpec", "build_multiaxis", "build_rope",
           "compute_outputs", "exact_dot", "exact_scores", "make_inputs", "multiaxis_of", "rope_of"]

REFERENCE_PRECISION = "exact"
"""The precision expected outputs are computed at (recorded in the manifest as each case's "reference")."""

FLAGS = {
    "AttentionFactor": "The scaling rule multiplies the output by an attention factor a != 1 (scores by a^2).",
    "Batched": "x has batch and head axes; positions broadcast as design.md section 3 says.",
    "Divergence": "Peer libraries disagree here; the case pins the meaning its parameters name "
                  "(see docs/divergences.md).",
    "Fractional": "Some positions are not integers.",
    "LongPosition": "Positions reach 2^16 or more: float32 angle pipelines lose accuracy (see docs/precision.md).",
    "NearInt32Max": "Positions near 2^31, where plain float64 angles are off by ~1e-7.",
    "Negative": "Some positions are negative.",
    "ONNXForm": "Also carries the inputs of the ONNX RotaryEmbedding operator (cos/sin caches, int64 position_ids).",
    "PartialRotary": "Only the first rotary_dim features rotate; the rest pass through unchanged.",
    "SeqLenDependent": "The frequencies depend on seq_len (dynamic NTK, LongRoPE).",
    "InvalidParameter": "The parameters are invalid; an implementation must reject them.",
}
"""The manifest's notes table: every flag a case may carry, and what it means."""

MODEL_SET_FLAGS = {
    **FLAGS,
    "AttentionFactorInTables": "cos and sin are multiplied by the attention factor a != 1, as transformers' rotary "
                               "modules return them (rope-ref's RoPE.cos_sin(..., scaled=True)).",
}
"""The notes table of a model's set (:mod:`rope_ref.golden.model_set`): the committed sets' flags, and
``AttentionFactorInTables`` for cos/sin tables that carry the attention factor."""


@dataclass(frozen=True)
class CaseSpec:
    """One golden case: id, one-line comment, kind, parameters, result and flags.

    ``params`` uses the vocabulary of from_hf_config where one exists (head_dim, rotary_dim,
    rope_theta, rope_scaling with rope_type and its keys) plus rope-ref's own (layout, seq_len,
    positions and shapes are in the input arrays).

    ``oracle`` is the RoPE (or MultiAxisRoPE) that computes the case when its params alone do not
    say everything (a model's set: the RoPE its config describes); None builds it from params.
    """

    id: str
    comment: str
    kind: str  # apply | cos_sin | scores | xpos | multiaxis | invalid
    params: dict[str, Any]
    inputs: Callable[[np.random.Generator], dict[str, np.ndarray]] | None = None
    result: str = "valid"  # valid | acceptable | invalid
    flags: tuple[str, ...] = field(default=())
    oracle: RoPE | MultiAxisRoPE | None = field(default=None, repr=False, compare=False)


def _seed_of(case_id: str) -> int:
    """The case's RNG seed: the first 8 bytes of SHA-256(id), so ids never share a stream."""
    return int.from_bytes(hashlib.sha256(case_id.encode()).digest()[:8], "little")


def _features(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """float32-exact features: multiples of 2^-10 in [-8, 8)."""
    return (rng.integers(-8192, 8192, size=shape) / 1024.0).astype(np.float32)


def make_inputs(spec: CaseSpec) -> dict[str, np.ndarray]:
    """The case's input arrays, from its generator seeded by its id."""
    if spec.inputs is None:
        return {}
    return spec.inputs(np.random.default_rng(_seed_of(spec.id)))


def build_rope(params: dict[str, Any], precision: str = REFERENCE_PRECISION) -> RoPE:
    """The RoPE a case's parameters describe (ValueError/TypeError for invalid parameters).

    ``params`` are config.json vocabulary (head_dim, rope_theta, partial_rotary_factor,
    max_position_embeddings, rope_scaling with rope_type) plus rope-ref's ``layout`` and
    ``rotary_dim``; for the rope types transformers knows, :func:`rope_ref.from_hf_config`
    reads the same params into the same RoPE (a test holds this).
    """
    scaling = None
    block = params.get("rope_scaling")
    if block is not None:  # rope_type from the registry, keys to fields as from_hf_config maps them
        rule = _rope_types.rule_class(block.get("rope_type"))
        takes_limit = rule is not None and "max_position_embeddings" in {f.name for f in dataclasses.fields(rule)}
        limit = params.get("max_position_embeddings") if takes_limit else None
        scaling = _rule_from_block(block, **({} if limit is None else {"max_position_embeddings": limit}))
    return RoPE(params["head_dim"], base=params["rope_theta"], layout=params["layout"],
                rotary_dim=params.get("rotary_dim"), scaling=scaling, precision=precision)


def build_multiaxis(params: dict[str, Any], precision: str = REFERENCE_PRECISION) -> MultiAxisRoPE:
    """The multi-axis RoPE a case's parameters describe."""
    kind = params["multiaxis"]
    if kind == "axial":
        return MultiAxisRoPE.axial(params["head_dim"], params["axes"], params["rope_theta"], params["layout"],
                                   precision=precision)
    if kind == "mrope":
        return MultiAxisRoPE.mrope(params["head_dim"], params["mrope_section"], params["rope_theta"],
                                   params["interleaved"], params["layout"], precision=precision)
    return MultiAxisRoPE.pixtral(params["head_dim"], params["rope_theta"], params["layout"], precision=precision)


def rope_of(spec: CaseSpec, precision: str = REFERENCE_PRECISION) -> RoPE:
    """The RoPE of a (non multi-axis) case at ``precision``: its oracle, else built from its params.

    Example:
        >>> from rope_ref import golden
        >>> rope_of(golden.case("half_d64_base1e4")).dim
        64
    """
    if isinstance(spec.oracle, RoPE):
        return dataclasses.replace(spec.oracle, precision=precision)
    return build_rope(spec.params, precision)


def multiaxis_of(spec: CaseSpec, precision: str = REFERENCE_PRECISION) -> MultiAxisRoPE:
    """The MultiAxisRoPE of a multi-axis case at ``precision``: its oracle, else built from its params.

    Example:
        >>> from rope_ref import golden
        >>> multiaxis_of(golden.case("mrope_qwen2vl_d128")).axes
        3
    """
    if isinstance(spec.oracle, MultiAxisRoPE):
        return dataclasses.replace(spec.oracle, precision=precision)
    return build_multiaxis(spec.params, precision)


def exact_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b.T correctly rounded: every product split exactly (TwoProduct), summed by math.fsum.

    The same bits on every machine, unlike a BLAS matrix product whose summation order varies.
    """
    out = np.empty((a.shape[0], b.shape[0]))
    for i in range(a.shape[0]):
        p, e = two_prod(np.broadcast_to(a[i], b.shape), b)
        for j in range(b.shape[0]):
            out[i, j] = math.fsum(np.concatenate([p[j], e[j]]).tolist())
    return out


def exact_scores(rope: RoPE, q: np.ndarray, k: np.ndarray, positions_q: np.ndarray, positions_k: np.ndarray,
                 seq_len: float | None = None) -> np.ndarray:
    """The attention scores <RoPE(q_i at m_i), RoPE(k_l at n_l)>, each correctly rounded.

    Score (i, l) is the float64 nearest the exact real number
    a_q a_k sum_j Re(z_q conj(z_k) e^{i (m theta_j - n theta'_j)}) plus the pass-through
    products, for the float inputs and the exact frequencies (theta for q's positions, theta'
    for k's: they differ only for rules that depend on the sequence length). Each score is
    evaluated in decimal (rope_ref._hp) with a proven error radius and rounded once it settles
    (rope_ref._cr.settle), so it does not depend on how q and k were rounded.

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE
        >>> q = np.array([[1.0, 0.0]]); k = np.array([[1.0, 0.0]])
        >>> exact_scores(RoPE(2), q, k, np.array([3.0]), np.array([1.0])).tolist()   # cos(2)
        [[-0.4161468365471424]]
    """
    pos_q, len_q = rope._resolve_length(positions_q, seq_len)
    pos_k, len_k = rope._resolve_length(positions_k, seq_len)
    freq_q, freq_k = _cr.as_freq(rope._frequencies(len_q)), _cr.as_freq(rope._frequencies(len_k))
    a_q, a_k = rope.attention_factor_at(len_q), rope.attention_factor_at(len_k)
    r, h = rope.rotary_dim, rope.rotary_dim // 2
    if rope.layout == "interleaved":
        re, im = np.arange(0, r, 2), np.arange(1, r, 2)
    else:
        re, im = np.arange(h), np.arange(h, r)
    out = np.empty((q.shape[0], k.shape[0]))
    for i in range(q.shape[0]):
        for n in range(k.shape[0]):
            out[i, n] = _cr.settle(_score(q[i], k[n], float(pos_q[i]), float(pos_k[n]), freq_q, freq_k,
                                          a_q, a_k, re, im, r))
    return out


def _score(qx: np.ndarray, kx: np.ndarray, m: float, n: float, freq_q: Any, freq_k: Any, a_q: float, a_k: float,
           re: np.ndarray, im: np.ndarray, r: int) -> Callable[[int], tuple[Decimal, Decimal]]:
    """digits -> (one score in decimal, a radius that contains its exact value)."""

    def compute(digits: int) -> tuple[Decimal, Decimal]:
        theta_q, rel_q = freq_q.exact_with_error(digits)
        theta_k, rel_k = freq_k.exact_with_error(digits)
        with _hp.precision(digits + 10):
            dq, dk = [Decimal(float(v)) for v in qx], [Decimal(float(v)) for v in kx]
            scale = Decimal(float(a_q)) * Decimal(float(a_k))
            total = sum((dq[f] * dk[f] for f in range(r, len(dq))), Decimal(0))
            radius = Decimal(0)
            dm, dn = Decimal(float(m)), Decimal(float(n))
            for j, (f_re, f_im) in enumerate(zip(re, im, strict=True)):
                phase_q, phase_k = dm * theta_q[j], dn * theta_k[j]
                phase = phase_q - phase_k
                c, s = _hp.cos_sin(phase)
                real = dq[f_re] * dk[f_re] + dq[f_im] * dk[f_im]
                imag = dq[f_im] * dk[f_re] - dq[f_re] * dk[f_im]
                total += scale * (real * c - imag * s)
                error = abs(phase_q) * rel_q + abs(phase_k) * rel_k + Decimal(10) ** (4 - digits)
                radius += abs(scale) * (abs(real) + abs(imag)) * error
            radius += abs(total) * Decimal(10) ** (2 - digits)
        return total, radius

    return compute


def compute_outputs(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Expected outputs (float64) of a case from its parameters and inputs, by the oracle.

    cos/sin tables are multiplied by the attention factor when the case has the flag
    ``AttentionFactorInTables`` (a model's set), as transformers' rotary modules return them.
    """
    p = spec.params
    if spec.kind == "invalid":
        return {}
    if spec.kind == "multiaxis":
        return {"expected": multiaxis_of(spec).apply(inputs["x"], inputs["positions"])}
    rope = rope_of(spec)
    seq_len = float(inputs["seq_len"]) if "seq_len" in inputs else None
    if spec.kind == "apply":
        return {"expected": rope.apply(inputs["x"], inputs["positions"], seq_len)}
    if spec.kind == "cos_sin":
        cos, sin = rope.cos_sin(inputs["positions"], seq_len, scaled="AttentionFactorInTables" in spec.flags)
        return {"cos": cos, "sin": sin}
    if spec.kind == "scores":
        return {"scores": exact_scores(rope, inputs["q"], inputs["k"], inputs["positions_q"], inputs["positions_k"],
                                       seq_len)}
    if spec.kind == "xpos":
        xpos = XPos(rope, scale_base=p["scale_base"], centre=p["centre"])
        return {"expected": xpos.apply(inputs["x"], inputs["positions"], p["role"], seq_len)}
    raise ValueError(f"case {spec.id!r}: unknown kind {spec.kind!r}.")


# -- the catalogue ------------------------------------------------------------------------------

def _partial_factor(head_dim: int, rotary_dim: int) -> float:
    """partial_rotary_factor p with int(head_dim * p) == rotary_dim, as transformers computes it."""
    p = rotary_dim / head_dim
    while int(head_dim * p) < rotary_dim:  # 64 / 96 rounds to a p with 96 p = 63.999...
        p = float(np.nextafter(p, 1.0))
    return p


def _rope_params(head_dim: int, base: float, layout: str, rotary_dim: int | None = None,
                 scaling: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A case's params in config.json vocabulary (one attention head of head_dim features), plus
    rope-ref's layout and rotary_dim; a scaling block's max_position_embeddings moves to the top
    level, where transformers reads it."""
    params: dict[str, Any] = {"head_dim": head_dim, "hidden_size": head_dim, "num_attention_heads": 1,
                              "rotary_dim": rotary_dim or head_dim, "rope_theta": base, "layout": layout}
    if rotary_dim is not None and rotary_dim != head_dim:
        params["partial_rotary_factor"] = _partial_factor(head_dim, rotary_dim)
    block = None
    if scaling is not None:
        block = {k: v for k, v in scaling.items() if k != "max_position_embeddings"}
        if "max_position_embeddings" in scaling:
            params["max_position_embeddings"] = scaling["max_position_embeddings"]
    params["rope_scaling"] = block
    params.update(extra)
    return params


def _apply(shape: tuple[int, ...], positions: Callable[[np.random.Generator], np.ndarray],
           seq_len: int | None = None):
    """Inputs x of ``shape``, positions from ``positions(rng)`` and, where the case pins one, seq_len
    (an int64 scalar: the sequence length the frequencies depend on)."""
    def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
        out = {"x": _features(rng, shape), "positions": positions(rng)}
        if seq_len is not None:
            out["seq_len"] = np.array(seq_len, dtype=np.int64)
        return out
    return make


def _arange(start: int, count: int) -> Callable[[np.random.Generator], np.ndarray]:
    return lambda rng: np.arange(start, start + count, dtype=np.int64)


def _sparse(high: int, count: int) -> Callable[[np.random.Generator], np.ndarray]:
    return lambda rng: np.sort(rng.choice(high, size=count, replace=False)).astype(np.int64)


def _values(values: list[float], dtype: type = np.int64) -> Callable[[np.random.Generator], np.ndarray]:
    return lambda rng: np.array(values, dtype=dtype)


def _scores(d: int, count: int, offset_q: int, offset_k: int, same_vectors_as: str | None = None):
    """q, k of shape (count, d) at offsets; ``same_vectors_as`` draws them from another case's seed,
    so that two cases hold the same vectors at shifted positions."""
    def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
        if same_vectors_as is not None:
            rng = np.random.default_rng(_seed_of(same_vectors_as))
        return {"q": _features(rng, (count, d)), "k": _features(rng, (count, d)),
                "positions_q": np.arange(offset_q, offset_q + count, dtype=np.int64),
                "positions_k": np.arange(offset_k, offset_k + count, dtype=np.int64)}
    return make


def _grid(d: int, axes: int, side: int):
    def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
        grid = np.stack(np.meshgrid(*[np.arange(side)] * axes, indexing="ij"), axis=-1).reshape(-1, axes)
        return {"x": _features(rng, (grid.shape[0], d)), "positions": grid.astype(np.int64)}
    return make


def _mrope_rows(d: int, equal: bool):
    def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
        if equal:
            rows = np.repeat(np.arange(12, dtype=np.int64)[:, None], 3, axis=1)
        else:  # a 2 x 3 x 4 (t, h, w) video patch grid starting at text position 5
            t, h, w = np.meshgrid(np.arange(2), np.arange(3), np.arange(4), indexing="ij")
            rows = np.stack([t.ravel(), h.ravel(), w.ravel()], axis=-1).astype(np.int64) + 5
        return {"x": _features(rng, (rows.shape[0], d)), "positions": rows}
    return make


_PHI3_SHORT = [1.05 + 0.01 * j for j in range(48)]
_PHI3_LONG = [1.0 + 1.5 * j for j in range(48)]
_LONGROPE = {"rope_type": "longrope", "short_factor": _PHI3_SHORT, "long_factor": _PHI3_LONG,
            "original_max_position_embeddings": 4096, "max_position_embeddings": 131072}


def _catalogue() -> list[CaseSpec]:
    c: list[CaseSpec] = []
    add = c.append
    # Both layouts, the basic shapes and bases.
    for layout in ("half", "interleaved"):
        add(CaseSpec(f"{layout}_basic_d2", f"{layout} layout, d = 2 (one pair), positions 0..3", "apply",
                     _rope_params(2, 10000.0, layout), _apply((4, 2), _arange(0, 4))))
        add(CaseSpec(f"{layout}_basic_d8", f"{layout} layout, d = 8, base 1e4, positions 0..7", "apply",
                     _rope_params(8, 10000.0, layout), _apply((1, 2, 8, 8), _arange(0, 8)), flags=("ONNXForm",)))
        add(CaseSpec(f"{layout}_d64_base1e4", f"{layout}, d = 64, base 1e4, 32 contiguous positions", "apply",
                     _rope_params(64, 10000.0, layout), _apply((1, 2, 32, 64), _arange(0, 32)), flags=("ONNXForm",)))
        add(CaseSpec(f"{layout}_d128_base5e5", f"{layout}, d = 128, base 5e5 (Llama 3), 16 positions", "apply",
                     _rope_params(128, 500000.0, layout), _apply((1, 2, 16, 128), _arange(0, 16)),
                     flags=("ONNXForm",)))
        add(CaseSpec(f"{layout}_d256_base1e6", f"{layout}, d = 256, base 1e6 (Qwen2.5), 8 positions", "apply",
                     _rope_params(256, 1e6, layout), _apply((1, 1, 8, 256), _arange(0, 8)), flags=("ONNXForm",)))
        add(CaseSpec(f"{layout}_d128_decode_offset", f"{layout}, d = 128: decode steps 1000..1003 after a prefix",
                     "apply", _rope_params(128, 10000.0, layout), _apply((1, 2, 4, 128), _arange(1000, 4)),
                     flags=("ONNXForm",)))
        add(CaseSpec(f"{layout}_d128_sparse_2p20", f"{layout}, d = 128: 16 sparse random positions below 2^20",
                     "apply", _rope_params(128, 10000.0, layout), _apply((16, 128), _sparse(2**20, 16)),
                     flags=("LongPosition",)))
        add(CaseSpec(f"{layout}_d64_near_2p31", f"{layout}, d = 64: positions near 2^31 - 1", "apply",
                     _rope_params(64, 10000.0, layout),
                     _apply((4, 64), _values([2**31 - 1, 2**31 - 2, 2**31 - 4096, 2**30 + 12345])),
                     flags=("LongPosition", "NearInt32Max")))
        add(CaseSpec(f"{layout}_d64_negative", f"{layout}, d = 64: negative positions", "apply",
                     _rope_params(64, 10000.0, layout), _apply((5, 64), _values([-1, -2, -100, -4096, -65536])),
                     flags=("Negative", "LongPosition")))
        add(CaseSpec(f"{layout}_d64_fractional", f"{layout}, d = 64: fractional positions (multiples of 1/8)",
                     "apply", _rope_params(64, 10000.0, layout),
                     _apply((5, 64), _values([0.5, 1.25, 2.875, 1000.125, -3.5], np.float32)),
                     flags=("Fractional", "Negative")))
    # Partial rotary
    add(CaseSpec("half_partial_r32_d128", "half, 32 of 128 features rotate (GPT-NeoX rotary_pct 0.25)", "apply",
                 _rope_params(128, 10000.0, "half", 32), _apply((1, 2, 8, 128), _arange(0, 8)),
                 flags=("PartialRotary", "ONNXForm")))
    add(CaseSpec("interleaved_partial_r4_d8", "interleaved, 4 of 8 features rotate", "apply",
                 _rope_params(8, 10000.0, "interleaved", 4), _apply((1, 1, 6, 8), _arange(0, 6)),
                 flags=("PartialRotary", "ONNXForm")))
    add(CaseSpec("interleaved_partial_r64_d96", "interleaved, 64 of 96 features rotate, long positions", "apply",
                 _rope_params(96, 10000.0, "interleaved", 64), _apply((6, 96), _sparse(2**20, 6)),
                 flags=("PartialRotary", "LongPosition")))
    # Batched layouts of x
    add(CaseSpec("half_batched_bhsd", "half, x (batch 2, heads 3, seq 8, d 64), positions (seq,)", "apply",
                 _rope_params(64, 10000.0, "half"), _apply((2, 3, 8, 64), _arange(0, 8)),
                 flags=("Batched", "ONNXForm")))
    add(CaseSpec("half_batched_bshd", "half, x (batch 2, seq 8, heads 3, d 64), positions (seq, 1)", "apply",
                 _rope_params(64, 10000.0, "half"), _apply((2, 8, 3, 64), lambda rng: np.arange(8)[:, None]),
                 flags=("Batched",)))
    add(CaseSpec("interleaved_batched_per_sequence", "interleaved, x (2, 3, 8, 64), positions (2, 1, 8): own "
                 "positions per sequence", "apply", _rope_params(64, 10000.0, "interleaved"),
                 _apply((2, 3, 8, 64), lambda rng: np.stack([np.arange(8), np.arange(100, 108)])[:, None, :]),
                 flags=("Batched",)))
    # cos/sin tables on their own
    add(CaseSpec("cos_sin_d128_base1e4", "cos/sin tables, d = 128, base 1e4, positions 0..63", "cos_sin",
                 _rope_params(128, 10000.0, "half"), lambda rng: {"positions": np.arange(64, dtype=np.int64)}))
    add(CaseSpec("cos_sin_d128_base5e5_long", "cos/sin tables, d = 128, base 5e5, 32 positions below 2^20",
                 "cos_sin", _rope_params(128, 500000.0, "half"), lambda rng: {"positions": _sparse(2**20, 32)(rng)},
                 flags=("LongPosition",)))
    add(CaseSpec("cos_sin_d64_base1e6_near_2p31", "cos/sin tables, d = 64, base 1e6, positions near 2^31",
                 "cos_sin", _rope_params(64, 1e6, "half"),
                 lambda rng: {"positions": np.array([2**31 - 1, 2**31 - 1000, 2**31 - 2**20], dtype=np.int64)},
                 flags=("LongPosition", "NearInt32Max")))
    # Scaling rules
    long_pos = _values([0, 1, 4095, 4096, 8191, 16383])
    add(CaseSpec("linear_f4_d64", "linear (position interpolation) factor 4, d = 64", "apply",
                 _rope_params(64, 10000.0, "half", scaling={"rope_type": "linear", "factor": 4.0}),
                 _apply((6, 64), long_pos)))
    # keras-hub's "dynamic" is not this rule: it divides every frequency by s^(d/(d-2)) (a uniform scaling).
    add(CaseSpec("ntk_aware_f2_d128", "NTK-aware base change, factor 2, d = 128 (rotary-embedding-torch's "
                 "theta_rescale_factor)", "apply",
                 _rope_params(128, 10000.0, "half", scaling={"rope_type": "ntk_aware", "factor": 2.0}),
                 _apply((6, 128), long_pos), flags=("Divergence",)))
    for seq_len in (4096, 8192, 16384):
        add(CaseSpec(f"dynamic_f2_d128_seq{seq_len}", f"transformers dynamic NTK, factor 2, L 4096, seq_len {seq_len}",
                     "apply", _rope_params(128, 10000.0, "half", scaling={"rope_type": "dynamic", "factor": 2.0,
                                                                          "max_position_embeddings": 4096}),
                     _apply((6, 128), long_pos, seq_len), flags=("SeqLenDependent", "Divergence")))
    add(CaseSpec("dynamic_fixed_f2_d128", "vLLM's 'dynamic': the dynamic NTK base at seq_len = factor * L", "apply",
                 _rope_params(128, 10000.0, "half", scaling={"rope_type": "dynamic_fixed", "factor": 2.0}),
                 _apply((6, 128), long_pos), result="acceptable", flags=("Divergence",)))
    add(CaseSpec("yarn_f4_d64_long", "YaRN factor 4, L0 4096, d = 64, positions up to 16383", "apply",
                 _rope_params(64, 10000.0, "half", scaling={"rope_type": "yarn", "factor": 4.0,
                                                            "original_max_position_embeddings": 4096}),
                 _apply((6, 64), long_pos), flags=("AttentionFactor",)))
    add(CaseSpec("yarn_f40_deepseek_d64", "YaRN as DeepSeek-V3: factor 40, mscale = mscale_all_dim = 1, beta 32/1",
                 "apply", _rope_params(64, 10000.0, "interleaved", scaling={
                     "rope_type": "yarn", "factor": 40.0, "original_max_position_embeddings": 4096, "mscale": 1.0,
                     "mscale_all_dim": 1.0}), _apply((6, 64), _values([0, 1, 4096, 65535, 131071, 163839])),
                 flags=("LongPosition",)))
    yarn_mscale = {"factor": 40.0, "original_max_position_embeddings": 4096, "mscale": 0.707, "mscale_all_dim": 0.0}
    add(CaseSpec("yarn_f40_mscale0707_d64_hf", "YaRN, mscale 0.707 and mscale_all_dim 0: transformers ignores "
                 "mscale (a = get_mscale(40))", "apply",
                 _rope_params(64, 10000.0, "half", scaling={"rope_type": "yarn", **yarn_mscale}),
                 _apply((4, 64), _values([0, 7, 4096, 100000])),
                 flags=("AttentionFactor", "Divergence", "LongPosition")))
    add(CaseSpec("yarn_f40_mscale0707_d64_vllm", "YaRN, mscale 0.707 and mscale_all_dim 0: vLLM's DeepSeek class "
                 "uses a = get_mscale(40, 0.707)", "apply",
                 _rope_params(64, 10000.0, "half", scaling={"rope_type": "deepseek_yarn", **yarn_mscale}),
                 _apply((4, 64), _values([0, 7, 4096, 100000])), result="acceptable",
                 flags=("AttentionFactor", "Divergence", "LongPosition")))
    add(CaseSpec("llama3_f8_d128", "Llama 3.1 smoothing: factor 8, low 1, high 4, L0 8192, base 5e5", "apply",
                 _rope_params(128, 500000.0, "half", scaling={
                     "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 8192}),
                 _apply((6, 128), _values([0, 1, 8191, 8192, 65536, 131071])), flags=("LongPosition",)))
    add(CaseSpec("llama3_llama4_collapsed_d128", "Llama 4 Scout: factor 16, low = high = 1: the band collapses to "
                 "a step at wavelength 8192", "apply",
                 _rope_params(128, 500000.0, "interleaved", scaling={
                     "rope_type": "llama3", "factor": 16.0, "low_freq_factor": 1.0, "high_freq_factor": 1.0,
                     "original_max_position_embeddings": 8192}),
                 _apply((6, 128), _values([0, 1, 8191, 8192, 65536, 262143])),
                 flags=("LongPosition", "Divergence")))
    for name, seq, positions, comment in (
            ("short", 4096, [0, 1, 100, 4095], "seq_len 4096 <= L0: short factors"),
            ("long", 131072, [0, 1, 4096, 131071], "seq_len 131072 > L0: long factors"),
            ("switch", None, [0, 1, 100, 4096], "max(positions) + 1 = 4097 > L0: every position uses the long "
             "factors (transformers)")):
        add(CaseSpec(f"longrope_phi3_{name}_d96", f"LongRoPE as Phi-3 (d = 96, L0 4096, s = 32), {comment}", "apply",
                     _rope_params(96, 10000.0, "half", scaling=_LONGROPE), _apply((4, 96), _values(positions), seq),
                     flags=("SeqLenDependent", "AttentionFactor", "Divergence")
                     + (("LongPosition",) if name == "long" else ())))
    add(CaseSpec("proportional_p025_d64", "transformers 'proportional': head_dim 64 in the exponent, 8 of 32 pairs "
                 "rotate", "apply",
                 _rope_params(64, 1e6, "half", scaling={"rope_type": "proportional", "partial_rotary_factor": 0.25}),
                 _apply((4, 64), _values([0, 1, 100, 5000])), flags=("PartialRotary",)))
    # xPos
    for name, centre, role in (("centre0_d64", 0.0, "query"), ("centre0_key_d64", 0.0, "key"),
                               ("centre_half_d64", 8.0, "query")):
        add(CaseSpec(f"xpos_{name}", f"xPos {role}, scale_base 512, centre {centre:g}", "xpos",
                     _rope_params(64, 10000.0, "half", scale_base=512.0, centre=centre, role=role),
                     _apply((16, 64), _arange(0, 16)), flags=("Divergence",) if centre else ()))
    # Multi-axis
    add(CaseSpec("axial2d_d64_base100", "axial 2-D RoPE (RoPE-ViT), base 100, 4 x 4 patch grid (row, col)",
                 "multiaxis", {"multiaxis": "axial", "head_dim": 64, "axes": 2, "rope_theta": 100.0,
                               "layout": "interleaved"}, _grid(64, 2, 4)))
    add(CaseSpec("axial3d_d96_base100", "axial 3-D RoPE (video), base 100, 2 x 2 x 3 grid", "multiaxis",
                 {"multiaxis": "axial", "head_dim": 96, "axes": 3, "rope_theta": 100.0, "layout": "half"},
                 lambda rng: {"x": _features(rng, (12, 96)), "positions": np.stack(
                     np.meshgrid(np.arange(2), np.arange(2), np.arange(3), indexing="ij"), axis=-1
                 ).reshape(-1, 3).astype(np.int64)}))
    add(CaseSpec("pixtral_d64", "Pixtral 2-D RoPE: height on even, width on odd frequencies of one ladder",
                 "multiaxis", {"multiaxis": "pixtral", "head_dim": 64, "rope_theta": 10000.0, "layout": "half"},
                 _grid(64, 2, 4)))
    for name, section, interleaved, equal in (("qwen2vl", [16, 24, 24], False, False),
                                               ("qwen3vl", [24, 20, 20], True, False),
                                               ("text_rows", [16, 24, 24], False, True)):
        add(CaseSpec(f"mrope_{name}_d128", f"M-RoPE {'interleaved' if interleaved else 'sectioned'} {section}"
                     + (", equal rows: a text token (= plain RoPE)" if equal else ", a (t, h, w) patch grid"),
                     "multiaxis", {"multiaxis": "mrope", "head_dim": 128, "mrope_section": section,
                                   "interleaved": interleaved, "rope_theta": 1e6, "layout": "half"},
                     _mrope_rows(128, equal)))
    # Attention scores: the relative property end to end
    add(CaseSpec("scores_half_d64", "scores q.k^T after RoPE, half, d = 64, q and k at positions 0..7", "scores",
                 _rope_params(64, 10000.0, "half"), _scores(64, 8, 0, 0)))
    add(CaseSpec("scores_half_d64_shifted", "the q, k of scores_half_d64 with every position shifted by 1000: the "
                 "same scores, as they depend on m - n only", "scores", _rope_params(64, 10000.0, "half"),
                 _scores(64, 8, 1000, 1000, same_vectors_as="scores_half_d64")))
    add(CaseSpec("scores_interleaved_d128_query_ahead", "scores, interleaved, d = 128: queries at 4096.., keys at "
                 "0..", "scores", _rope_params(128, 500000.0, "interleaved"), _scores(128, 8, 4096, 0)))
    add(CaseSpec("scores_yarn_f4_d64", "scores under YaRN factor 4: the attention factor enters squared", "scores",
                 _rope_params(64, 10000.0, "half", scaling={"rope_type": "yarn", "factor": 4.0,
                                                            "original_max_position_embeddings": 4096}),
                 _scores(64, 8, 8000, 0), flags=("AttentionFactor",)))
    # Invalid parameters
    add(CaseSpec("invalid_odd_rotary_dim", "rotary_dim 63 is odd: features cannot pair", "invalid",
                 _rope_params(64, 10000.0, "half", 63), result="invalid", flags=("InvalidParameter",)))
    add(CaseSpec("invalid_rotary_dim_above_dim", "rotary_dim 128 > head_dim 64", "invalid",
                 _rope_params(64, 10000.0, "half", 128), result="invalid", flags=("InvalidParameter",)))
    add(CaseSpec("invalid_base_one", "base 1 makes every frequency 1", "invalid",
                 _rope_params(64, 1.0, "half"), result="invalid", flags=("InvalidParameter",)))
    add(CaseSpec("invalid_odd_dim", "head_dim 7 is odd", "invalid", _rope_params(7, 10000.0, "half"),
                 result="invalid", flags=("InvalidParameter",)))
    return c


CASES: tuple[CaseSpec, ...] = tuple(_catalogue())
"""Every golden case, in manifest order (:func:`rope_ref.golden.cases` gives copies)."""


#: Helpers this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {name: f"rope_ref.golden.catalogue:_{name}" for name in (
    "LONGROPE", "PHI3_LONG", "PHI3_SHORT", "features", "seed_of")})
