"""Lesson 7's conv plot with `m`: the 6x6 output map max-pooled in 2x2 blocks to 3x3, beside it,
with the block of the filter's current cell outlined and read out in the caption."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from bigpicture.course.demos import make_demo
from bigpicture.course.keys import DEMO_KEYS
from bigpicture.grader import engine
from bigpicture.grader.manifest import load_manifest
from tests.test_demos import cells_by_color, pressed, render_all

LESSONS = Path(__file__).resolve().parents[1] / "course" / "lessons"


@pytest.mark.parametrize("presses", ["m", "mf", "fm", "m" + "o" * 20])
def test_the_pooled_map_is_the_max_of_each_2x2_block(presses):
    data = pressed("conv", presses).compute()
    assert data.show_pool and data.pooled.shape == (3, 3)
    blocks = data.out.reshape(3, 2, 3, 2).max(axis=(1, 3))
    assert np.array_equal(data.pooled, blocks)
    assert np.array_equal(data.pooled, engine.max_pool_forward(data.out[None, None])[0, 0])


def test_m_shows_the_whole_output_map_and_m_again_goes_back():
    demo = make_demo("conv")
    first = demo.compute()
    assert not first.show_pool and first.filled().sum() == 1
    assert demo.press("m")
    pooled = demo.compute()
    assert pooled.show_pool and pooled.filled().all()
    assert np.array_equal(pooled.out, first.out)
    demo.press("m")
    assert demo.compute() is first


def test_the_edge_filter_keeps_the_squares_edges_in_a_quarter_of_the_cells():
    # The lesson: the pooled map is a quarter of the size and the outline still shows.
    data = pressed("conv", "m").compute()
    assert data.pooled.size * 4 == data.out.size
    assert data.pooled.max() == data.out.max() > 0
    assert data.pooled[0, 0] == data.out[:2, :2].max() == 2.0


@pytest.mark.parametrize(("moves", "block"), [(0, (0, 0)), (3, (0, 1)), (7, (0, 0)), (35, (2, 2))])
def test_the_caption_reads_out_the_block_of_the_current_cell(moves, block):
    demo = pressed("conv", "m" + "o" * moves)
    data = demo.compute()
    assert data.block() == block
    values = data.block_values()
    assert values.shape == (2, 2) and data.pooled[block] == values.max()
    english, korean = demo.caption(data, "en"), demo.caption(data, "ko")
    assert english.startswith(f"6x6 -> 3x3: pooled cell {block} = max(")
    assert english.endswith(f") = {values.max():.2f}")
    assert korean.startswith(f"6x6 -> 3x3: 풀링 칸 {block} = max(")


def test_the_setting_and_the_legend_name_the_pooling_only_when_it_is_on():
    demo = make_demo("conv")
    data = demo.compute()
    assert demo.setting(data, "en") == "edge filter"
    assert len(demo.legend(data, "en")) == 4
    demo.press("m")
    data = demo.compute()
    assert demo.setting(data, "en") == "edge filter, 2x2 max pool"
    assert demo.setting(data, "ko") == "경계 필터, 2x2 최대 풀링"
    en, ko = demo.legend(data, "en"), demo.legend(data, "ko")
    assert len(en) == len(ko) == 5 and "max pool" in en[-1].label and "최대 풀링" in ko[-1].label


def runs(columns: set[int]) -> int:
    """How many separate runs of consecutive columns ``columns`` form."""
    ordered = sorted(columns)
    return sum(1 for a, b in zip([None, *ordered], ordered, strict=False) if a is None or b > a + 1)


@pytest.mark.parametrize("size", ["wide", "100x32"])
def test_the_figure_draws_the_pooled_map_right_of_the_output_map(size):
    # The largest output, 2.0, is in column 1 of the output map and column 0 of the pooled
    # map: with `m`, its colour shows in two places apart; without, in one.
    jobs = [("conv", "o" * 35, size), ("conv", "m", size)]
    figures = asyncio.run(render_all(jobs))
    demo = pressed("conv", "m")
    brightest = demo.legend(demo.compute(), "en")[-1].color  # the pooled map's, as the largest
    alone, pooled = (cells_by_color(figures[job])[brightest] for job in jobs)
    assert runs({column for _, column in alone}) == 1
    assert runs({column for _, column in pooled}) == 2


def test_the_key_is_a_demo_key_no_other_plot_of_lesson_7_uses_and_the_lesson_names_it():
    lesson = next(lesson for lesson in load_manifest().lessons if lesson.number == 7)
    assert "conv" in lesson.plots and "m" in DEMO_KEYS
    for name in lesson.plots:
        if name != "conv":
            assert "m" not in {key.key for key in make_demo(name).keys}, name
    for lang in ("en", "ko"):
        text = (LESSONS / lang / f"07-{lesson.slug}.md").read_text("utf-8")
        assert "`m`" in text and '"conv"' in text and "2x2" in text
