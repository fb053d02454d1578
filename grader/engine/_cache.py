"""Whether numba's on-disk cache already holds every kernel, without compiling anything.

A dispatcher created with ``cache=True`` owns a ``numba.core.caching.FunctionCache``. Its
index file (``<name>-<line>.py<ver>.nbi``, found by the cache's locator) starts with the
numba version, then pickles ``(source_stamp, {key: data_file})``; the index counts only if
the stamp (modification time and size of the kernel's source file) is current. Each key is
``(signature, codegen.magic_tuple(), (bytecode hash, closure hash))``, the magic tuple
naming this machine's target triple, CPU and CPU features. These are numba internals, so any
surprise answers False: the worst case is an unneeded "first run" message.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable

import numba


def _has_entry_for_this_machine(dispatcher: object, magic: tuple) -> bool:
    cache_file = dispatcher._cache._cache_file
    with open(cache_file._index_path, "rb") as f:
        version = pickle.load(f)
        if version != numba.__version__:
            return False
        stamp, overloads = pickle.loads(f.read())
    if stamp != cache_file._source_stamp:
        return False
    code_hash = hashlib.sha256(dispatcher.py_func.__code__.co_code).hexdigest()
    return any(
        key[1] == magic
        and key[2][0] == code_hash
        and os.path.exists(os.path.join(cache_file._cache_path, data_name))
        for key, data_name in overloads.items()
    )


def kernels_cached(kernels: Iterable[object]) -> bool:
    """True when every numba dispatcher in ``kernels`` has an on-disk cache entry for this
    machine and its current source; False when in doubt."""
    try:
        from numba.core.caching import FunctionCache

        kernels = list(kernels)
        if not kernels:
            return False
        magic = kernels[0].targetctx.codegen().magic_tuple()
        for kernel in kernels:
            if not isinstance(kernel._cache, FunctionCache):
                return False
            if not _has_entry_for_this_machine(kernel, magic):
                return False
        return True
    except Exception:
        return False
