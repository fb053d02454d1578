"""The live plots ("demos") the lessons show, by the names the manifest's ``plots`` use."""

from __future__ import annotations

from .activations import ActivationsDemo
from .base import Demo, DemoKey
from .bptt import BpttDemo
from .conv import ConvDemo
from .descent import DescentDemo
from .dropout import DropoutDemo
from .learning_rate import LearningRateDemo
from .optimizer_race import OptimizerRaceDemo
from .rnn import RnnDemo
from .vanishing import VanishingDemo
from .weight_decay import WeightDecayDemo

__all__ = ["DEMOS", "Demo", "DemoKey", "make_demo"]

DEMOS: dict[str, type[Demo]] = {
    demo.name: demo
    for demo in (
        ActivationsDemo,
        VanishingDemo,
        DescentDemo,
        LearningRateDemo,
        OptimizerRaceDemo,
        DropoutDemo,
        WeightDecayDemo,
        ConvDemo,
        RnnDemo,
        BpttDemo,
    )
}


def make_demo(name: str) -> Demo:
    """A new demo in its default state.

    Raises:
        KeyError: naming the known demos, if ``name`` is not one of them.
    """
    if name not in DEMOS:
        raise KeyError(f"no demo named {name!r}; known: {', '.join(DEMOS)}")
    return DEMOS[name]()
