"""The five scenarios of the slides' wrap-up: each a few runs that differ in one choice, what to
look for (in both languages), and the claim its runs make (checked by the tests on a fixed seed
with the reference engine)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bigpicture.grader.i18n import Msg
from bigpicture.grader.lab.choices import SCENARIO_NAMES
from bigpicture.grader.lab.train import Run, Settings

#: The training loss the slow-learning race runs to.
TARGET_LOSS = 0.5


@dataclass(frozen=True)
class Scenario:
    """Runs to compare, labelled, and what they show."""

    name: str
    title: Msg
    look_for: Msg
    runs: tuple[tuple[str, Settings], ...]


def steps_to(run: Run, loss: float) -> int | None:
    """The steps the run took until its training loss was at most ``loss`` (None: never)."""
    return next((e.steps for e in run.epochs if e.train_loss <= loss), None)


_DEEP = Settings(depth=10, optimizer="sgd", lr=0.1, epochs=20)
_RACE = Settings(epochs=15)
_SMALL = Settings(train_size=100, width=256, lr=3e-3, epochs=60)
_IMAGES = Settings(train_size=100, lr=3e-3, epochs=40, seed=1)
_SEQUENCE = Settings(width=32, lr=3e-3, epochs=12, train_size=1000)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "underfitting",
        Msg(
            "Underfitting: sigmoid vs ReLU in a 10-layer net",
            "과소적합: 10층 신경망의 시그모이드와 ReLU",
        ),
        Msg(
            "Two 10-layer nets that differ only in their activation. The sigmoid net stays at "
            "chance (about 10% on ten digits): its gradient shrinks by at least 4x per layer, so "
            "the first layers barely move. The ReLU net passes 90%.",
            "활성화 함수만 다른 10층 신경망 두 개예요. 시그모이드 신경망은 우연 수준(숫자 10개라 "
            "약 10%)에 머물러요: 기울기가 층마다 4배 이상 줄어서 앞쪽 층이 거의 "
            "움직이지 않아요. ReLU 신경망은 90%를 넘겨요.",
        ),
        (
            ("sigmoid", replace(_DEEP, activation="sigmoid")),
            ("relu", replace(_DEEP, activation="relu")),
        ),
    ),
    Scenario(
        "slow",
        Msg("Slow learning: the optimizer family race", "느린 학습: 옵티마이저 가족의 경주"),
        Msg(
            f"The same net trained by each optimizer. Count the steps each needs to bring the "
            f"training loss below {TARGET_LOSS}: plain SGD crawls (it has not got there after 15 "
            "epochs), momentum and Nesterov get there in a few epochs, and the adaptive ones "
            "(AdaGrad, RMSProp, Adam) fastest.",
            f"같은 신경망을 옵티마이저마다 학습시켜요. 학습 손실이 {TARGET_LOSS} 아래로 내려갈 "
            "때까지 걸린 스텝을 세어 보세요: 그냥 SGD는 기어가고(15 에포크가 지나도 못 가요), "
            "모멘텀과 네스테로프는 몇 에포크 만에, 적응형(AdaGrad, RMSProp, Adam)은 가장 빨리 "
            "도착해요.",
        ),
        (
            ("sgd", replace(_RACE, optimizer="sgd", lr=0.01)),
            ("momentum", replace(_RACE, optimizer="momentum", lr=0.01)),
            ("nesterov", replace(_RACE, optimizer="nesterov", lr=0.01)),
            ("adagrad", replace(_RACE, optimizer="adagrad", lr=0.01)),
            ("rmsprop", replace(_RACE, optimizer="rmsprop", lr=0.001)),
            ("adam", replace(_RACE, optimizer="adam", lr=0.001)),
        ),
    ),
    Scenario(
        "overfitting",
        Msg(
            "Overfitting: 100 images, dropout and weight decay",
            "과적합: 이미지 100장, 드롭아웃과 가중치 감쇠",
        ),
        Msg(
            "A wide net on only 100 training images reaches 100% training accuracy and a "
            "training loss near 0, while validation stays near 90% with a loss far above: the "
            "gap is overfitting. Dropout with weight decay (AdamW) shrinks the loss gap (the "
            "table's last column). On "
            "these easy digits the accuracy barely moves; the validation loss shows first how "
            "over-confident the plain net has become.",
            "넓은 신경망을 학습 이미지 100장으로만 학습시키면 학습 정확도는 100%, 학습 손실은 0 "
            "가까이 가지만 검증 정확도는 90% 근처에 머물고 손실은 훨씬 높아요: 이 차이가 "
            "과적합이에요. 드롭아웃과 가중치 감쇠(AdamW)를 함께 쓰면 손실의 차이(표의 마지막 "
            "열)가 줄어요. 쉬운 "
            "숫자 데이터라 정확도는 거의 그대로예요. 신경망이 얼마나 자만하게 됐는지는 검증 "
            "손실에 먼저 나타나요.",
        ),
        (
            ("plain", _SMALL),
            ("dropout", replace(_SMALL, dropout=0.5)),
            ("weight decay", replace(_SMALL, optimizer="adamw", weight_decay=3.0)),
            ("both", replace(_SMALL, dropout=0.5, optimizer="adamw", weight_decay=3.0)),
        ),
    ),
    Scenario(
        "images",
        Msg("Images: an MLP vs a CNN of the same size", "이미지: 크기가 같은 MLP와 CNN"),
        Msg(
            "An MLP (64-20-10, 1,510 weights) and a CNN (8 filters of 3x3, 2x2 max pooling, "
            "1,370 weights) on 100 training images. The CNN's filters are shared across the "
            "image, so what it learns in one place counts everywhere: it ends higher on the "
            "test set with fewer weights.",
            "MLP(64-20-10, 가중치 1,510개)와 CNN(3x3 필터 8개, 2x2 최대 풀링, 가중치 1,370개)을 "
            "학습 이미지 100장으로 학습시켜요. CNN의 필터는 이미지 전체에서 공유되니까 한 곳에서 "
            "배운 것이 모든 곳에서 쓰여요: 더 적은 가중치로 시험 세트에서 더 높게 끝나요.",
        ),
        (
            ("mlp", replace(_IMAGES, model="mlp", depth=1, width=20)),
            ("cnn", replace(_IMAGES, model="cnn")),
        ),
    ),
    Scenario(
        "sequences",
        Msg("Sequences: an RNN vs an LSTM as the gap grows", "시퀀스: 간격이 길어질 때 RNN과 LSTM"),
        Msg(
            "Each sequence shows one of 4 symbols at its first step and asks for it at its last. "
            "With a gap of 5 steps both nets answer perfectly. With a gap of 20 the tanh RNN's "
            "gradient from the answer fades before it reaches the symbol and it stays far "
            "below the LSTM, whose cell state carries both the symbol and its gradient.",
            "시퀀스마다 첫 스텝에 기호 4개 중 하나를 보여 주고 마지막 스텝에서 그 기호를 물어요. "
            "간격이 5스텝이면 두 신경망 모두 완벽하게 답해요. 간격이 20이면 tanh RNN은 답에서 온 "
            "기울기가 기호까지 가기 전에 사라져서 LSTM보다 한참 아래에 머물러요. LSTM의 셀 "
            "상태는 기호와 그 기울기를 함께 실어 날라요.",
        ),
        (
            ("rnn, gap 5", replace(_SEQUENCE, model="rnn", gap=5)),
            ("lstm, gap 5", replace(_SEQUENCE, model="lstm", gap=5)),
            ("rnn, gap 20", replace(_SEQUENCE, model="rnn", gap=20)),
            ("lstm, gap 20", replace(_SEQUENCE, model="lstm", gap=20)),
        ),
    ),
)


assert tuple(s.name for s in SCENARIOS) == SCENARIO_NAMES, "choices.SCENARIO_NAMES is out of date"


def find(name: str) -> Scenario:
    """The scenario called ``name``.

    Raises:
        KeyError: naming the scenarios there are.
    """
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(f"no scenario {name!r}; there are {', '.join(s.name for s in SCENARIOS)}")
