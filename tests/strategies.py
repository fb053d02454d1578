"""Shared hypothesis strategies: array shapes, valid convolution, pooling and RNN sizes, seeds.

Array values come from ``numpy.random.default_rng(seed)`` with a drawn seed, which is much
faster than drawing every element and shrinks just as well for shape bugs.
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


class ConvShape(NamedTuple):
    n: int
    c: int
    h: int
    w: int
    f: int
    hh: int
    ww: int
    stride: int
    pad: int


class PoolShape(NamedTuple):
    n: int
    c: int
    h: int
    w: int
    size: int
    stride: int


class RnnShape(NamedTuple):
    n: int
    t: int
    d: int
    h: int


def seeds() -> st.SearchStrategy[int]:
    """Seeds for ``numpy.random.default_rng``."""
    return st.integers(0, 2**32 - 1)


def array_shapes(max_dims: int = 4, max_side: int = 5) -> st.SearchStrategy[tuple[int, ...]]:
    """Any shape from 0-d up to ``max_dims`` dimensions, empty sides included."""
    return hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=max_side)


@st.composite
def conv_shapes(draw: st.DrawFn, max_side: int = 7) -> ConvShape:
    """Sizes with a non-empty convolution output; kernels may be non-square."""
    hh = draw(st.integers(1, 4))
    ww = draw(st.integers(1, 4))
    pad = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    h = draw(st.integers(max(1, hh - 2 * pad), max_side))
    w = draw(st.integers(max(1, ww - 2 * pad), max_side))
    return ConvShape(
        n=draw(st.integers(1, 3)),
        c=draw(st.integers(1, 3)),
        h=h,
        w=w,
        f=draw(st.integers(1, 4)),
        hh=hh,
        ww=ww,
        stride=stride,
        pad=pad,
    )


def rnn_shapes(max_side: int = 5) -> st.SearchStrategy[RnnShape]:
    """Batch N, time steps T, input size D and hidden size H, each at least 1."""
    side = st.integers(1, max_side)
    return st.builds(RnnShape, n=side, t=side, d=side, h=side)


@st.composite
def pool_shapes(draw: st.DrawFn, max_side: int = 7) -> PoolShape:
    """Windows that fit the image: tiling or not, overlapping (stride < size) or with gaps."""
    size = draw(st.integers(1, 3))
    return PoolShape(
        n=draw(st.integers(1, 3)),
        c=draw(st.integers(1, 3)),
        h=draw(st.integers(size, max_side)),
        w=draw(st.integers(size, max_side)),
        size=size,
        stride=draw(st.integers(1, 3)),
    )
