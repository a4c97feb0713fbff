"""Golden RoPE test vectors: a versioned, byte-reproducible catalogue other implementations load.

The committed set lives in ``golden/v1/`` of the repository: a ``manifest.json`` describing
every case and one folder of ``.npy`` arrays per case; the build installs a copy with the package
(see :func:`default_root`). This module makes, reads and verifies it.

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
    FORMAT,
    FORMAT_VERSION,
    PACKAGED,
    READABLE_VERSIONS,
    GoldenCase,
    case,
    cases,
    default_root,
    load,
)
from rope_ref.golden._verify import VerifyReport, verify
from rope_ref.golden.catalogue import CaseSpec

__all__ = ["FORMAT", "FORMAT_VERSION", "PACKAGED", "READABLE_VERSIONS", "CaseSpec", "GoldenCase", "GoldenFileError",
           "VerifyReport", "case", "cases", "default_root", "generate", "load", "manifest", "verify"]

#: Names this module had that are implementation details now: kept for one release, with a warning.
__getattr__ = renamed(__name__, {"CASES": "rope_ref.golden.catalogue:CASES",
                                 "SCHEMA": "rope_ref.golden._load:_SCHEMA",
                                 "build_case": "rope_ref.golden._build:_build_case",
                                 "tolerances": "rope_ref.golden._tolerances:tolerance_entries"})
