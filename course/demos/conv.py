"""Lesson 7: a 3x3 filter sliding over an 8x8 image, filling in the output map, and that map
max-pooled in 2x2 blocks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .base import RGB, DemoKey, LegendEntry
from .common import YELLOW, CachedDemo

SIZE, K = 8, 3
OUT = SIZE - K + 1  # no padding, stride 1: 6
OUT_LEFT = SIZE + 2  # where the output map starts, right of the image
POOL = 2  # max pooling's window and stride
POOLED = OUT // POOL  # 3
POOL_LEFT = OUT_LEFT + OUT + 2  # where the pooled map starts, right of the output map
NOT_YET = (20, 20, 20)  # an output cell the filter has not reached
FILTERS = {
    # Responds where a pixel differs from its four neighbours: the square's outline.
    "edge": np.array([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]]),
    "blur": np.full((K, K), 1.0 / 9.0),
}
FILTER_NAMES = {"edge": Msg("edge", "경계"), "blur": Msg("blur", "흐림")}


def make_image() -> np.ndarray:
    """(SIZE, SIZE) a bright square on a dark background, with one dimmer column."""
    image = np.zeros((SIZE, SIZE))
    image[2:6, 2:6] = 1.0
    image[2:6, 5] = 0.5
    return image


@dataclass(frozen=True)
class ConvStep:
    """The convolution so far.

    Attributes:
        image: (SIZE, SIZE) the input.
        kernel: (K, K) the filter.
        out: (OUT, OUT) the whole output map, from the engine's conv_forward.
        position: (row, col) of the window's top-left corner, also its output cell.
        products: (K, K) the window's pixels times the filter; they sum to ``out[position]``.
        filter_name: a key of FILTERS.
        pooled: (POOLED, POOLED) the output map max-pooled in 2x2 blocks, from the engine.
        show_pool: whether the pooled map is shown (then the output map is shown whole).
    """

    image: np.ndarray
    kernel: np.ndarray
    out: np.ndarray
    position: tuple[int, int]
    products: np.ndarray
    filter_name: str
    pooled: np.ndarray
    show_pool: bool

    def filled(self) -> np.ndarray:
        """(OUT, OUT) bool: the output cells computed so far, up to the current position."""
        index = np.arange(OUT * OUT).reshape(OUT, OUT)
        if self.show_pool:
            return np.ones((OUT, OUT), dtype=bool)
        return index <= self.position[0] * OUT + self.position[1]

    def block(self) -> tuple[int, int]:
        """(row, col) of the pooled cell whose 2x2 block holds the current output cell."""
        return self.position[0] // POOL, self.position[1] // POOL

    def block_values(self) -> np.ndarray:
        """(POOL, POOL) the output values that pooled cell is the maximum of."""
        row, col = self.block()
        return self.out[row * POOL : (row + 1) * POOL, col * POOL : (col + 1) * POOL]


def _gray(value: float) -> RGB:
    """An image pixel in [0, 1] as a gray level."""
    level = int(round(40 + 215 * value))
    return level, level, level


def _diverging(value: float) -> RGB:
    """An output value in [-1, 1]: red for positive, blue for negative, dark near 0."""
    level = int(round(50 + 205 * abs(value)))
    return (level, 50, 50) if value >= 0 else (50, 80, level)


def _cells(plt, colors: list[RGB], left: float, top: float, width: int) -> None:
    """Filled unit squares in row-major order, row 0 at the top, from (left, top)."""
    for i, color in enumerate(colors):
        row, col = divmod(i, width)
        x, y = left + col, top - row
        plt.rectangle([x, x + 1], [y - 1, y], color=color, fill=True, marker="sd")


def _outline(plt, left: float, top: float, size: int) -> None:
    """A yellow frame around ``size`` x ``size`` cells from (left, top)."""
    plt.rectangle([left, left + size], [top - size, top], color=YELLOW, marker="hd")


class ConvDemo(CachedDemo):
    """Each output cell is the sum of the 9 products of a window and the same filter."""

    name = "conv"
    title = Msg("A 3x3 filter sliding over an 8x8 image", "8x8 이미지 위를 움직이는 3x3 필터")
    keys = (
        DemoKey("o", Msg("one step on", "한 칸 이동")),
        DemoKey("f", Msg("edge / blur filter", "경계 / 흐림 필터")),
        DemoKey("m", Msg("2x2 max pool on / off", "2x2 최대 풀링 켜기 / 끄기")),
    )

    def __init__(self) -> None:
        super().__init__()
        self.index = 0  # row-major position of the window, 0 .. OUT*OUT - 1
        self.filter_name = "edge"
        self.show_pool = False

    def press(self, key: str) -> bool:
        if key == "o":
            self.index = (self.index + 1) % (OUT * OUT)
        elif key == "f":
            self.filter_name = "blur" if self.filter_name == "edge" else "edge"
        elif key == "m":
            self.show_pool = not self.show_pool
        else:
            return False
        return True

    def state(self) -> tuple[int, str, bool]:
        return self.index, self.filter_name, self.show_pool

    def compute_state(self, state: tuple[int, str, bool]) -> ConvStep:
        index, filter_name, show_pool = state
        image, kernel = make_image(), FILTERS[filter_name]
        out = engine.conv_forward(image[None, None], kernel[None, None], np.zeros(1))[0, 0]
        row, col = divmod(index, OUT)
        window = image[row : row + K, col : col + K]
        pooled = engine.max_pool_forward(out[None, None], POOL, POOL)[0, 0]
        return ConvStep(
            image, kernel, out, (row, col), window * kernel, filter_name, pooled, show_pool
        )

    def draw(self, plt, data: ConvStep) -> None:
        # One axes, image at x 0..8 and output map at x 10..16, both hanging from y = SIZE.
        row, col = data.position
        _cells(plt, [_gray(v) for v in data.image.ravel()], 0, SIZE, SIZE)
        scale = max(np.abs(data.out).max(), 1e-12)
        shown = [
            _diverging(v / scale) if done else NOT_YET
            for v, done in zip(data.out.ravel(), data.filled().ravel(), strict=True)
        ]
        _cells(plt, shown, OUT_LEFT, SIZE, OUT)
        _outline(plt, col, SIZE - row, K)
        _outline(plt, OUT_LEFT + col, SIZE - row, 1)
        right = OUT_LEFT + OUT
        if data.show_pool:
            _cells(
                plt, [_diverging(v / scale) for v in data.pooled.ravel()], POOL_LEFT, SIZE, POOLED
            )
            block_row, block_col = data.block()
            _outline(plt, OUT_LEFT + POOL * block_col, SIZE - POOL * block_row, POOL)
            _outline(plt, POOL_LEFT + block_col, SIZE - block_row, 1)
            right = POOL_LEFT + POOLED
        plt.xlim(-0.5, right + 0.5)
        plt.ylim(-0.3, SIZE + 0.3)
        plt.xticks([])
        plt.yticks([])

    def legend(self, data: ConvStep, lang: str) -> tuple[LegendEntry, ...]:
        window = Msg("3x3 window, its output cell", "3x3 창과 그 출력 칸")
        return (
            LegendEntry(Msg("left: the 8x8 image", "왼쪽: 8x8 이미지")(lang), _gray(0.7), "██"),
            LegendEntry(
                Msg("right: 6x6 output > 0", "오른쪽: 6x6 출력 > 0")(lang), _diverging(1), "██"
            ),
            LegendEntry("< 0", _diverging(-1), "██"),
            LegendEntry(window(lang), YELLOW, "┌┐"),
        ) + (
            (
                LegendEntry(
                    Msg(
                        "far right: 3x3 max pool of 2x2 blocks",
                        "맨 오른쪽: 2x2 블록의 3x3 최대 풀링",
                    )(lang),
                    _diverging(1),
                    "██",
                ),
            )
            if data.show_pool
            else ()
        )

    def setting(self, data: ConvStep, lang: str) -> str:
        name = FILTER_NAMES[data.filter_name](lang)
        pool = Msg(", 2x2 max pool", ", 2x2 최대 풀링")(lang) if data.show_pool else ""
        return Msg(f"{name} filter", f"{name} 필터")(lang) + pool

    def caption(self, data: ConvStep, lang: str) -> str:
        if data.show_pool:
            row, col = data.block()
            values = ", ".join(f"{v:.2f}" for v in data.block_values().ravel())
            best = data.pooled[row, col]
            return Msg(
                f"6x6 -> 3x3: pooled cell ({row}, {col}) = max({values}) = {best:.2f}",
                f"6x6 -> 3x3: 풀링 칸 ({row}, {col}) = max({values}) = {best:.2f}",
            )(lang)
        row, col = data.position
        total = data.products.sum()
        return Msg(
            f"position ({row}, {col}): sum of 9 products = {total:.2f}",
            f"위치 ({row}, {col}): 곱 9개의 합 = {total:.2f}",
        )(lang)
