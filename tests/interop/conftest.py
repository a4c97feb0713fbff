"""tests/interop: rope-ref against real frameworks (transformers, torch, onnxruntime, JAX, ...).

Each test module imports its framework with ``pytest.importorskip``, so without the interop extra
(``pip install ".[interop]"``) these tests skip with the missing package named.
"""
