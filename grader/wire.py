"""Numeric arrays as raw bytes plus a JSON-able index: how arrays cross between the grader and
a learner's process, both ways.

Faster than ``.npy``/``.npz`` (no header parsing, no zip) and just as safe: only plain numeric
dtypes are accepted (bool, integers, floats), so nothing is ever unpickled, and every size is
checked against the bytes actually there.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

_NUMERIC_KINDS = "biuf"


def pack(arrays: dict[str, np.ndarray]) -> tuple[list[list], bytes]:
    """``(index, blob)`` for ``arrays``; the index is JSON-able: [key, dtype, shape, nbytes]."""
    index, chunks = [], []
    for key, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        index.append([key, array.dtype.str, list(array.shape), len(data)])
        chunks.append(data)
    return index, b"".join(chunks)


def unpack(index: object, blob: bytes) -> dict[str, np.ndarray]:
    """The arrays described by ``index`` in ``blob``.

    Entries that are malformed, not numeric, or larger than what ``blob`` holds are dropped
    (the judge then says the call returned nothing it could accept); reading stops there.
    """
    arrays: dict[str, np.ndarray] = {}
    position = 0
    for entry in index if isinstance(index, list) else []:
        try:
            key, dtype_text, shape, size = entry
            dtype = np.dtype(str(dtype_text))
            shape = tuple(int(n) for n in shape)
            size = int(size)
        except (TypeError, ValueError):
            break
        chunk = blob[position : position + size]
        position += size
        if size < 0 or len(chunk) < size:
            break
        if dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None or dtype.hasobject:
            continue
        if min(shape, default=0) < 0 or int(np.prod(shape)) * dtype.itemsize != size:
            continue
        arrays[str(key)] = np.frombuffer(chunk, dtype=dtype).reshape(shape).copy()
    return arrays


def digest(array: np.ndarray) -> str:
    """A digest of an array's dtype, shape and bytes: equal digests, equal arrays."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{array.dtype.str}{array.shape}".encode())
    hasher.update(np.ascontiguousarray(array).tobytes())
    return hasher.hexdigest()


def rng_digest(rng: np.random.Generator) -> str:
    """A digest of a ``numpy.random.Generator``'s state: changed by every draw."""
    state = json.dumps(rng.bit_generator.state, sort_keys=True)
    return hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
