"""The lab's form for a run of the learner's own choosing: the model, the activation, the
optimizer and every number a run takes, then a button that asks the screen to train it."""

from __future__ import annotations

from dataclasses import fields

from textual import on
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select

from bigpicture.grader.i18n import Msg
from bigpicture.grader.lab.choices import MODELS, OPTIMIZERS
from bigpicture.grader.lab.train import Settings

CHOICES = {"model": MODELS, "activation": ("relu", "sigmoid"), "optimizer": OPTIMIZERS}
NUMBERS = ("lr", "dropout", "weight_decay", "train_size", "epochs", "depth", "width", "gap", "seed")
LABELS = {
    "weight_decay": Msg("weight decay", "가중치 감쇠"),
    "train_size": Msg("examples", "학습 예제"),
    "epochs": Msg("epochs", "에포크"),
    "depth": Msg("depth", "깊이"),
    "width": Msg("width", "너비"),
    "gap": Msg("gap (rnn)", "간격 (rnn)"),
    "seed": Msg("seed", "시드"),
    "model": Msg("model", "모델"),
    "activation": Msg("activation", "활성화"),
    "optimizer": Msg("optimizer", "옵티마이저"),
}


class RunForm(Vertical):
    """Every choice of :class:`Settings`, from its defaults; the button posts :class:`Submitted`."""

    class Submitted(Message):
        """The learner asked to train: ``settings``, or the ``problems`` that stop it."""

        def __init__(self, settings: Settings | None, problems: list[str]) -> None:
            super().__init__()
            self.settings, self.problems = settings, problems

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self):
        defaults = Settings()
        for name in (*CHOICES, *NUMBERS):
            label = LABELS.get(name, Msg(name, name))(self.lang)
            with Horizontal(classes="field"):
                yield Label(label)
                if name in CHOICES:
                    yield Select(
                        [(choice, choice) for choice in CHOICES[name]],
                        value=getattr(defaults, name),
                        allow_blank=False,
                        compact=True,
                        id=f"run-{name}",
                    )
                else:
                    yield Input(str(getattr(defaults, name)), compact=True, id=f"run-{name}")
        yield Button(Msg("train it", "학습시키기")(self.lang), id="run-train", compact=True)

    def read(self) -> tuple[Settings | None, list[str]]:
        """The settings the form holds, or what is wrong with them."""
        types = {f.name: f.type for f in fields(Settings)}
        values: dict[str, object] = {}
        problems = []
        for name in CHOICES:
            values[name] = self.query_one(f"#run-{name}", Select).value
        for name in NUMBERS:
            text = self.query_one(f"#run-{name}", Input).value.strip()
            number = float if types[name] in (float, "float") else int
            try:
                values[name] = number(text)
            except ValueError:
                problems.append(f"{name} must be a number, not {text!r}")
        if problems:
            return None, problems
        settings = Settings(**values)  # type: ignore[arg-type]
        return (settings, []) if not settings.problems() else (None, settings.problems())

    @on(Button.Pressed, "#run-train")
    def _train(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Submitted(*self.read()))
