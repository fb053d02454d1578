"""Training a lab net: the settings a learner chooses, the optimizer family over a dict of
weights, and the loop that reports every epoch's curves."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from bigpicture.grader.i18n import Msg
from bigpicture.grader.lab import data
from bigpicture.grader.lab.choices import MODELS, OPTIMIZERS
from bigpicture.grader.lab.models import CNN, MLP, Model, Recurrent
from bigpicture.grader.lab.parts import Parts

#: The momentum of "momentum" and "nesterov".
MOMENTUM = 0.9


@dataclass(frozen=True)
class Settings:
    """What the learner chooses for one run. ``mlp`` and ``cnn`` learn the digits; ``rnn`` and
    ``lstm`` the sequence task :func:`~bigpicture.grader.lab.data.remember_first` with ``gap``."""

    model: str = "mlp"
    depth: int = 2
    width: int = 64
    activation: str = "relu"
    optimizer: str = "adam"
    lr: float = 1e-3
    dropout: float = 0.0
    weight_decay: float = 0.0
    train_size: int = 1000
    epochs: int = 20
    batch_size: int = 64
    seed: int = 0
    gap: int = 10

    def problems(self) -> list[str]:
        """What is wrong with these settings, one sentence each (none: they are fine)."""
        found = []
        if self.model not in MODELS:
            found.append(f"model must be one of {', '.join(MODELS)}")
        if self.optimizer not in OPTIMIZERS:
            found.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}")
        if self.activation not in ("relu", "sigmoid"):
            found.append("activation must be relu or sigmoid")
        if not 0.0 <= self.dropout < 1.0:
            found.append("dropout must be at least 0 and below 1")
        if not (self.lr > 0 and np.isfinite(self.lr)):
            found.append("lr must be a positive number")
        if not self.weight_decay >= 0:
            found.append("weight decay must be at least 0")
        if not 1 <= self.train_size <= data.MAX_TRAIN:
            found.append(f"the training set holds 1 to {data.MAX_TRAIN} examples")
        for name, low, high in (
            ("depth", 1, 20),
            ("width", 1, 1024),
            ("epochs", 1, 1000),
            ("batch_size", 1, 4096),
            ("gap", 1, 200),
        ):
            if not low <= getattr(self, name) <= high:
                found.append(f"{name} must be {low} to {high}")
        return found


@dataclass(frozen=True)
class Epoch:
    """The curves' points after one epoch."""

    epoch: int
    steps: int
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    seconds: float

    @classmethod
    def from_record(cls, record: object) -> Epoch:
        """An epoch from a record anyone may have written (a job's report, a saved run a
        learner edited): exactly its fields, each a plain number in range.

        Raises:
            ValueError: what is wrong with the record.
        """
        if not isinstance(record, dict) or set(record) != set(cls.__dataclass_fields__):
            raise ValueError("an epoch record with other keys")
        return cls(
            epoch=int(number(record, "epoch", 1, 1e6)),
            steps=int(number(record, "steps", 0, 1e12)),
            train_loss=number(record, "train_loss", 0.0, math.inf),
            train_acc=number(record, "train_acc", 0.0, 1.0),
            val_loss=number(record, "val_loss", 0.0, math.inf),
            val_acc=number(record, "val_acc", 0.0, 1.0),
            seconds=number(record, "seconds", 0.0, math.inf),
        )


def number(record: dict, key: str, low: float, high: float) -> float:
    """``record[key]`` if it is a plain number from ``low`` to ``high``, else ValueError."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{key} = {str(value)[:40]}")
    return float(value)


@dataclass
class Run:
    """A whole run: its settings, an :class:`Epoch` per epoch, and the test accuracy at the end
    (None when it was stopped or failed)."""

    settings: Settings
    epochs: list[Epoch] = field(default_factory=list)
    test_acc: float | None = None
    yours: list[str] = field(default_factory=list)  # the parts that were the learner's
    not_loaded: list[str] = field(default_factory=list)  # learner files that would not import
    failure: Msg | None = None
    failed_part: str | None = None  # the learner's part that stopped the run, if one did

    def to_json(self) -> dict:
        return {
            "settings": asdict(self.settings),
            "epochs": [asdict(e) for e in self.epochs],
            "test_acc": self.test_acc,
            "yours": self.yours,
            "failure": None
            if self.failure is None
            else {"en": self.failure.en, "ko": self.failure.ko},
        }


_STEP_OF = {
    "sgd": "sgd_step",
    "momentum": "sgd_step",
    "nesterov": "nesterov_step",
    "adagrad": "adagrad_step",
    "rmsprop": "rmsprop_step",
    "adam": "adam_step",
    "adamw": "adamw_step",
}


def parts_needed(settings: Settings) -> list[str]:
    """The functions a run on ``settings`` calls, in the order a batch meets them."""
    head = ["affine_forward", "softmax_cross_entropy", "affine_backward"]
    if settings.model == "mlp":
        act = (
            ["relu", "relu_backward"]
            if settings.activation == "relu"
            else ["sigmoid", "sigmoid_backward"]
        )
        dropout = ["dropout_forward", "dropout_backward"] if settings.dropout > 0 else []
        body = [*act, *dropout]
    elif settings.model == "cnn":
        body = [
            "conv_forward",
            "relu",
            "max_pool_forward",
            "max_pool_backward",
            "relu_backward",
            "conv_backward",
        ]
    else:
        body = [f"{settings.model}_forward", f"{settings.model}_backward"]
    return [*body, *head, _STEP_OF[settings.optimizer]]


def dataset_for(settings: Settings) -> data.Dataset:
    if settings.model in ("rnn", "lstm"):
        return data.remember_first(settings.gap, settings.seed, min(settings.train_size, 1000))
    return data.digits(settings.train_size, settings.seed, flat=settings.model == "mlp")


def build_model(settings: Settings, dataset: data.Dataset, rng: np.random.Generator) -> Model:
    x = dataset.train.x
    if settings.model == "mlp":
        return MLP(
            x.shape[1],
            dataset.classes,
            settings.depth,
            settings.width,
            settings.activation,
            settings.dropout,
            rng,
        )
    if settings.model == "cnn":
        return CNN(dataset.classes, 8, rng)
    return Recurrent(x.shape[2], dataset.classes, settings.width, settings.model, rng)


class Optimizer:
    """One of :data:`OPTIMIZERS` over a dict of weights, through the parts' update steps.

    Weight decay is decoupled for AdamW (its own argument) and an L2 term added to the gradient
    for the others, as PyTorch's ``weight_decay`` does.
    """

    def __init__(self, name: str, lr: float, weight_decay: float) -> None:
        self.name, self.lr, self.weight_decay = name, lr, weight_decay
        self.state: dict[str, tuple[np.ndarray, ...]] = {}
        self.t = 0

    def step(
        self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], parts: Parts
    ) -> None:
        self.t += 1
        for key, w in params.items():
            dw = grads[key]
            if self.weight_decay and self.name != "adamw":
                dw = dw + self.weight_decay * w
            params[key] = self._update(key, w, dw, parts)

    def _update(self, key: str, w: np.ndarray, dw: np.ndarray, parts: Parts) -> np.ndarray:
        name, lr, state = self.name, self.lr, self.state.get(key)
        if name == "sgd":
            return parts.sgd_step(w, dw, lr)[0]
        if name in ("momentum", "nesterov"):
            step = parts.sgd_step if name == "momentum" else parts.nesterov_step
            w, velocity = step(w, dw, lr, MOMENTUM, state[0] if state else None)
            self.state[key] = (velocity,)
            return w
        if name in ("adagrad", "rmsprop"):
            step = parts.adagrad_step if name == "adagrad" else parts.rmsprop_step
            w, accumulated = step(w, dw, state[0] if state else np.zeros_like(w), lr)
            self.state[key] = (accumulated,)
            return w
        m, v = state if state else (np.zeros_like(w), np.zeros_like(w))
        if name == "adam":
            w, m, v = parts.adam_step(w, dw, m, v, self.t, lr)
        else:
            w, m, v = parts.adamw_step(w, dw, m, v, self.t, lr, weight_decay=self.weight_decay)
        self.state[key] = (m, v)
        return w


def evaluate(model: Model, split: data.Split, parts: Parts) -> tuple[float, float]:
    """Mean loss and accuracy on ``split``, in eval mode (batches of 200)."""
    losses, correct = 0.0, 0
    for start in range(0, len(split), 200):
        x, y = split.x[start : start + 200], split.y[start : start + 200]
        scores = model.logits(x, parts)
        loss, _ = parts.softmax_cross_entropy(scores, y)
        losses += float(loss) * len(y)
        correct += int(np.sum(np.argmax(scores, axis=1) == y))
    return losses / len(split), correct / len(split)


def train(
    settings: Settings,
    parts: Parts,
    dataset: data.Dataset | None = None,
    on_epoch: Callable[[Epoch], bool] | None = None,
) -> Run:
    """Trains a net on ``settings``; ``on_epoch`` sees every epoch and stops the run by
    returning False.

    Raises:
        PartError: when a part raises or returns NaN (the run so far is lost to the caller,
            who reports the part and the step).
    """
    dataset = dataset or dataset_for(settings)
    rng = np.random.default_rng(settings.seed)
    model = build_model(settings, dataset, rng)
    optimizer = Optimizer(settings.optimizer, settings.lr, settings.weight_decay)
    run = Run(settings)
    train_set, start = dataset.train, time.perf_counter()
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(len(train_set))
        for first in range(0, len(order), settings.batch_size):
            batch = order[first : first + settings.batch_size]
            parts.step += 1
            _, grads = model.loss(train_set.x[batch], train_set.y[batch], parts, rng)
            optimizer.step(model.params, grads, parts)
        train_loss, train_acc = evaluate(model, train_set, parts)
        val_loss, val_acc = evaluate(model, dataset.validation, parts)
        run.epochs.append(
            Epoch(
                epoch,
                parts.step,
                train_loss,
                train_acc,
                val_loss,
                val_acc,
                time.perf_counter() - start,
            )
        )
        if on_epoch is not None and on_epoch(run.epochs[-1]) is False:
            run.yours = sorted(n for n in parts.used if parts.is_yours(n))
            return run
    run.test_acc = evaluate(model, dataset.test, parts)[1]
    run.yours = sorted(n for n in parts.used if parts.is_yours(n))
    return run
