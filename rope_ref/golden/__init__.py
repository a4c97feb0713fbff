"""Golden RoPE test vectors: a versioned, byte-reproducible catalogue other implementations load.

The current set lives in ``golden/v2/`` of the repository (:data:`CURRENT`): a ``manifest.json``
describing every case and one folder of ``.npy`` arrays per case, every expected float64 correctly
rounded; the build installs a copy with the package (see :func:`default_root`). This module makes,
reads and verifies it. ``golden/v1/``, the set made before rope-ref's exact mode rounded correctly,
stays in the repository: ``load``, ``verify`` and the command line read it with its folder given,
and ``golden/CHANGELOG.md`` lists every array that differs between the two.

Example:
    >>> from rope_ref import golden
    >>> len(golden.cases()) >= 40
    True
    >>> spec = golden.case("half_basic_d8")
    >>> spec.kind, spec.params["head_dim"], spec.params["layout"]
    ('apply', 8, 'half')
"""


from rope_ref._deprecated import renamed
from rope_ref.golden._build import generate, manifest
from rope_ref.golden._files import GoldenFileError
from rope_ref.golden._load import (
    CORRECTLY_ROUNDED,
    CURRENT,
    FORMAT,
    FORMAT_VERSION,
    PACKAGED,
    READABLE_VERSIONS,
    ROUNDING_POLICY,
    GoldenCase,
    case,
    cases,
    correctly_rounded,
    default_root,
    load,
)
from rope_ref.golden._verify import VerifyReport, verify
from rope_ref.golden.catalogue import CaseSpec

__all__ = ["CORRECTLY_ROUNDED", "CURRENT", "FORMAT", "FORMAT_VERSION", "PACKAGED", "READABLE_VERSIONS",
           "ROUNDING_POLICY", "CaseSpec", "GoldenCase", "GoldenFileError", "VerifyReport", "case", "cases",
           "correctly_rounded", "default_root", "generate", "load", "manifest", "verify"]

#: Names this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {"CASES": "rope_ref.golden.catalogue:CASES",
                                 "SCHEMA": "rope_ref.golden._load:_SCHEMA",
                                 "build_case": "rope_ref.golden._build:_build_case",
                                 "tolerances": "rope_ref.golden._tolerances:tolerance_entries"})
