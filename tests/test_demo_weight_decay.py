"""Lesson 6's "weight-decay" plot: the length of the weight vector while AdamW (the reference
engine's) fits a degree-12 polynomial to 15 noisy points, without decay and with the decay the
keys choose."""

from __future__ import annotations

from typing import cast

import numpy as np
import pytest

from bigpicture.course.demos import weight_decay
from bigpicture.course.demos.common import GRAY
from tests.helpers import Recorder
from tests.helpers import pressed as any_pressed


def pressed(keys: str) -> weight_decay.WeightDecayDemo:
    return cast(weight_decay.WeightDecayDemo, any_pressed("weight-decay", keys))


def test_m_and_f_step_the_decay_and_stop_at_the_ends():
    demo = pressed("")
    assert demo.compute().decay == 0.1
    assert demo.press("m") and demo.compute().decay == 0.3
    assert demo.press("f") and demo.press("f") and demo.compute().decay == 0.03
    assert demo.press("f") and not demo.press("f"), "the weakest decay cannot go lower"
    for _ in range(len(weight_decay.DECAYS) - 1):
        assert demo.press("m")
    assert not demo.press("m") and demo.compute().decay == weight_decay.DECAYS[-1]
    assert not demo.press("]"), "] is the dropout plot's key in this lesson"


def test_new_data_changes_the_runs_and_going_back_is_cached():
    demo = pressed("")
    first = demo.compute()
    assert demo.press("r")
    fresh = demo.compute()
    assert fresh.seed == 1 and fresh.decay == first.decay
    assert not np.array_equal(fresh.norms, first.norms)
    demo.press("m")
    demo.press("f")
    assert demo.compute() is fresh


@pytest.mark.parametrize("seed", range(3))
def test_more_decay_means_shorter_weights_and_a_worse_fit_of_the_training_points(seed):
    runs = [weight_decay.decay_runs(seed, decay) for decay in weight_decay.DECAYS]
    plain = runs[0].norms[0]
    assert all(np.array_equal(run.norms[0], plain) for run in runs), "the same run without decay"
    ends = [run.norms[1, -1] for run in runs]
    assert plain[-1] > ends[0] and np.all(np.diff(ends) < 0)
    trains = [run.train[1] for run in runs]
    assert np.all(np.diff(trains) > 0)
    assert trains[-1] > 3 * runs[0].train[0], "decay 3 underfits"


def test_without_decay_the_weights_keep_growing_to_fit_the_noise():
    data = pressed("").compute()
    plain = data.norms[0]
    assert plain[-1] > 1.5 * plain[weight_decay.STEPS // 5]
    assert data.train[0] < 0.05 < data.val[0], "memorised: far better on the training points"


def test_the_lessons_decay_shrinks_the_weights_and_the_validation_loss():
    data = pressed("m").compute()
    assert data.decay == 0.3
    assert data.norms[1, -1] < 0.5 * data.norms[0, -1]
    assert data.val[1] < 0.5 * data.val[0]


def test_the_setting_legend_and_caption_read_the_data_in_both_languages():
    demo = pressed("mr")
    data = demo.compute()
    assert demo.setting(data, "en") == "decay 0.3, seed 1"
    assert demo.setting(data, "ko") == "감쇠 0.3, 시드 1"
    assert [entry.label for entry in demo.legend(data, "en")] == ["decay 0", "decay 0.3"]
    assert [entry.label for entry in demo.legend(data, "ko")] == ["감쇠 0", "감쇠 0.3"]
    sci = weight_decay.sci
    plain, decayed = sci(data.norms[0, -1]), sci(data.norms[1, -1])
    val_plain, val_decayed = sci(data.val[0]), sci(data.val[1])
    assert demo.caption(data, "en") == (
        f"|w| {plain} vs {decayed}; val loss {val_plain} vs {val_decayed}"
    )
    assert demo.caption(data, "ko") == (
        f"|w| {plain} 대 {decayed}, 검증 손실 {val_plain} 대 {val_decayed}"
    )


def test_draw_plots_both_norms_in_the_legend_colours():
    demo = pressed("")
    data = demo.compute()
    plt = Recorder()
    demo.draw(plt, data)
    colors = [entry.color for entry in demo.legend(data, "en")]
    assert [color for _, _, color in plt.lines] == colors and colors[0] == GRAY
    for (steps, values, _), norms in zip(plt.lines, data.norms, strict=True):
        assert steps[-1] == weight_decay.STEPS
        np.testing.assert_array_equal(values, norms[steps - 1])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_lesson_names_the_plot_and_its_keys(lang):
    from tests.test_lessons_text import LESSONS_DIR

    text = (LESSONS_DIR / lang / "06-overfitting.md").read_text(encoding="utf-8")
    assert '"weight-decay"' in text
    assert all(f"`{key}`" in text for key in "mfr")
