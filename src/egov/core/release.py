"""The release fingerprint: a digest of what the application's pages are made of.

A page kept in the shared cache (the public look-up's, docs/decisions/0024) outlives the process
that rendered it, and Redis outlives a deployment. Stored with this fingerprint, it is served only
by processes of the same release: a deployment that changes the code, a template, a translation or
a style sheet renders it again. Every process of one deployment computes the same value.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import egov

_SOURCES = {".py", ".html", ".mo", ".css", ".js"}


@cache
def fingerprint() -> str:
    return digest_of(Path(egov.__file__).parent)


def digest_of(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(root.rglob("*")):  # ~240 files, ~1,5 MB: ~25 ms once per process
        if path.suffix in _SOURCES and "tests" not in path.relative_to(root).parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
