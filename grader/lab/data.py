"""The lab's data: the 8x8 handwritten digits shipped with the course, and a sequence task
generated from a seed.

Every split is a :class:`Split` of float64 inputs and int64 labels. The digits' test set is fixed
(the same 297 images whatever the run's seed), so runs with different seeds compare fairly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from bigpicture.grader.lab.choices import MAX_TRAIN, TEST_SIZE, VALIDATION_SIZE
from bigpicture.grader.manifest import COURSE_DATA

__all__ = ["MAX_TRAIN", "TEST_SIZE", "VALIDATION_SIZE", "Dataset", "Split", "digits", "load_digits"]

DIGITS = COURSE_DATA / "data" / "digits.npz"
#: The shipped file's SHA-256 (see course/data/README.md for its origin and licence).
DIGITS_SHA256 = "b2dab7b501728c22e9119ad76740b2e17c77a231e42d1e592380d90886f1a05e"


class DataError(RuntimeError):
    """The shipped data is missing or is not the file the course was built with."""


@dataclass(frozen=True)
class Split:
    """Inputs and labels: x (N, ...) float64, y (N,) int64."""

    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class Dataset:
    """A task: its three splits and its number of classes."""

    train: Split
    validation: Split
    test: Split
    classes: int


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """images (1797, 8, 8) float64 scaled to [0, 1], labels (1797,) int64.

    Raises:
        DataError: if the file is missing or its checksum is not :data:`DIGITS_SHA256`.
    """
    try:
        raw = DIGITS.read_bytes()
    except OSError as exc:
        raise DataError(f"The digits data is missing ({DIGITS}): reinstall the course.") from exc
    if hashlib.sha256(raw).hexdigest() != DIGITS_SHA256:
        raise DataError(f"{DIGITS} is not the file the course shipped: reinstall the course.")
    import io

    with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
        images, labels = archive["images"], archive["labels"]
    return images.astype(np.float64) / 16.0, labels.astype(np.int64)


def digits(train_size: int, seed: int, flat: bool = True) -> Dataset:
    """The digits, split into ``train_size`` training images (drawn with ``seed``), 300 for
    validation and the fixed 297 of the test set.

    Args:
        train_size: 1 to :data:`MAX_TRAIN`.
        seed: which training images, and which validation ones.
        flat: inputs (N, 64) for a dense net; else (N, 1, 8, 8) for a CNN.
    """
    if not 1 <= train_size <= MAX_TRAIN:
        raise ValueError(f"train_size must be 1 to {MAX_TRAIN}, not {train_size}")
    images, labels = load_digits()
    x = images.reshape(len(images), 64) if flat else images[:, None]
    fixed = np.random.default_rng(0).permutation(len(labels))
    test, rest = fixed[:TEST_SIZE], fixed[TEST_SIZE:]
    rest = np.random.default_rng(seed).permutation(rest)
    validation, train = rest[:VALIDATION_SIZE], rest[VALIDATION_SIZE:][:train_size]
    return Dataset(
        Split(x[train], labels[train]),
        Split(x[validation], labels[validation]),
        Split(x[test], labels[test]),
        classes=10,
    )


def remember_first(gap: int, seed: int, train_size: int = 1000, symbols: int = 4) -> Dataset:
    """Sequences whose label is the symbol shown at their first step, asked for ``gap`` steps
    later: a task only a net that remembers can solve.

    Step 0 holds the symbol one-hot in the first ``symbols`` features; steps 1 to ``gap`` - 1
    hold noise (N(0, 0.2) in every feature); the last step sets the final "answer now" feature.
    Chance is 1 / ``symbols``.

    Args:
        gap: steps from the symbol to the question, >= 1 (sequences have ``gap`` + 1 steps).
        seed: draws every sequence.
        train_size: training sequences (validation and test hold 300 each).
        symbols: how many symbols (classes).

    Returns:
        a Dataset whose x is (N, gap + 1, symbols + 1) float64.
    """
    if gap < 1:
        raise ValueError(f"gap must be at least 1, not {gap}")
    rng = np.random.default_rng(seed)

    def split(n: int) -> Split:
        y = rng.integers(0, symbols, size=n)
        x = rng.normal(0.0, 0.2, size=(n, gap + 1, symbols + 1))
        x[:, 0] = 0.0
        x[np.arange(n), 0, y] = 1.0
        x[:, -1] = 0.0
        x[:, -1, symbols] = 1.0
        return Split(x, y.astype(np.int64))

    return Dataset(split(train_size), split(300), split(300), classes=symbols)
