"""The machinery behind :func:`rope_ref.check` (private; :mod:`rope_ref.checker` is the API).

One stage per module, in the order check runs them:

- :mod:`.call`: call someone else's RoPE through its interface (``fn(x, positions)``, with
  ``seq_len``, ``fn(x, offset)``, batched positions, ``fn(q, k, positions)``, in place), never
  raising for what fn does;
- :mod:`.cases`: the cases (golden, random short to long, explicit, the re-runs and the
  prefill-then-decode schedule that expose state);
- :mod:`.identify`: measure what fn does, by linearity: pairing, per-pair frequency, phase and
  gain, pass-through features, and whether the output depends on the row, the batch row, the
  sequence length or earlier calls;
- :mod:`.hypotheses` and :mod:`.diagnose`: the known mistakes, simulated and judged by the
  verification policy, seeded by the measurement;
- :mod:`.report`: what check returns.
"""
