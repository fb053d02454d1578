"""The course's own pages, in both languages: keys, welcome, and the end of the course."""

from __future__ import annotations

from bigpicture.grader.i18n import Msg

HELP = Msg(
    """\
# Keys

| key | what it does |
|---|---|
| `.` / `,` | next / previous lesson |
| `Tab` / `Shift+Tab` | move between the contents, the lesson, the plot and the verdict |
| `↑` `↓` `PgUp` `PgDn` `Space` `Home` `End` `j` `k` | scroll what has the focus |
| `c` | check your exercise file |
| `e` | edit it in `$EDITOR` (or use any editor: every save checks it again) |
| `h` | one more hint |
| `g` | gradcheck: your backward pass against numerical gradients of your forward |
| `v` | switch between the verdict and the plot |
| `n` | go to the next exercise you have not passed |
| `p` / `x` | the lesson's other plot / other exercise (lessons 3 and 5–8 have more than one) |
| `s` | the solution, once you have passed |
| `a` | the training lab (in the wrap-up): the slides' five scenarios on your own parts |
| `l` | 한국어로 보기 |
| `t` | show or hide the contents (hidden below 96 columns) |
| `ctrl+p` | all of these by name, and themes |
| `q` / `ctrl+q` | quit: your progress is saved |

A plot's own keys are listed above it, e.g. `r` for new random weights.

From the shell: `bigpicture check 3`, `bigpicture watch`, `bigpicture gradcheck 7`.

Press `escape` to go back.
""",
    """\
# 키

| 키 | 하는 일 |
|---|---|
| `.` / `,` | 다음 / 이전 강의 |
| `Tab` / `Shift+Tab` | 목차, 강의, 그림, 채점 결과 사이를 옮겨 다녀요 |
| `↑` `↓` `PgUp` `PgDn` `Space` `Home` `End` `j` `k` | 선택된 칸을 스크롤해요 |
| `c` | 연습 파일 채점 |
| `e` | `$EDITOR`로 편집 (어떤 편집기든 저장하면 다시 채점해요) |
| `h` | 힌트 하나 더 |
| `g` | 기울기 검사: 내 역전파를 내 순전파의 수치 미분과 비교 |
| `v` | 채점 결과와 그림을 번갈아 보기 |
| `n` | 아직 통과하지 못한 다음 연습으로 |
| `p` / `x` | 강의의 다른 그림 / 다른 연습 (3강과 5–8강에는 여러 개 있어요) |
| `s` | 모범 답안 (통과한 뒤에) |
| `a` | 학습 실험실 (정리 강의에서): 슬라이드의 시나리오 다섯 개를 내 부품으로 |
| `l` | show in English |
| `t` | 목차 보이기 / 숨기기 (96칸보다 좁으면 숨어 있어요) |
| `ctrl+p` | 모든 기능을 이름으로 찾기, 테마 |
| `q` / `ctrl+q` | 종료: 진도는 저장돼요 |

그림마다 쓰는 키는 그림 위에 보여요. 예: `r` 새 무작위 가중치.

셸에서도 돼요: `bigpicture check 3`, `bigpicture watch`, `bigpicture gradcheck 7`.

`escape`를 누르면 돌아가요.
""",
)


def welcome(folder: str) -> Msg:
    """The first-run page: what the course is, where the files are, the keys that matter."""
    return Msg(
        f"""\
# Welcome to the big picture of deep learning

Eight short lessons take you from what a neural net is to the three troubles of training it
(underfitting, slow learning, overfitting) and their fixes, with live plots.

Six lessons end with an exercise: you write the fix in numpy, and the course checks it.

Your exercise files are in

`{folder}`

Open them in any editor: every save checks the file again, here.

Three keys are enough to start:

- `.` and `,` move through the lessons;
- `c` checks your exercise (`e` opens it in `$EDITOR`, `h` gives a hint);
- `f1` lists every key.

Press `enter` to begin.
""",
        f"""\
# 딥러닝 큰 그림 그리기에 오신 걸 환영해요

짧은 강의 여덟 개로 신경망이 무엇인지부터, 학습할 때 생기는 세 가지 문제(과소적합, 느린 학습,
과적합)와 그 해결책까지 살아 있는 그림과 함께 배워요.

여섯 강의는 연습으로 끝나요: 해결책을 numpy로 직접 작성하면 코스가 채점해요.

연습 파일은 여기 있어요:

`{folder}`

아무 편집기에서나 여세요. 저장할 때마다 이 화면에서 다시 채점해요.

시작할 때는 키 세 개면 돼요:

- `.`과 `,`로 강의를 넘겨요.
- `c`로 연습을 채점해요 (`e`는 `$EDITOR`로 열기, `h`는 힌트).
- `f1`을 누르면 모든 키를 볼 수 있어요.

`enter`를 누르면 시작해요.
""",
    )


FINISHED = Msg(
    """\
# You finished the course

Every exercise passes. What you built, in the order the troubles came:

- **Underfitting**: sigmoid's slope is at most 0.25, so gradients vanish through deep nets;
  your ReLU keeps them at full size where units are active.
- **Slow learning, which direction**: your SGD with momentum follows the average direction
  instead of every noisy step.
- **Slow learning, how far**: your Adam gives each weight its own step size.
- **Overfitting**: your dropout stops units from memorising the training set together.
- **The right architecture**: your convolution shares weights across an image, your RNN
  carries a state through a sequence.

The checklist to take away: ReLU, not sigmoid; Adam; dropout when it overfits; a CNN for
images; an RNN for sequences.

Press `escape` to go back to the lessons.
""",
    """\
# 코스를 모두 마쳤어요

모든 연습을 통과했어요. 문제가 나온 순서대로, 직접 만든 것을 정리하면:

- **과소적합**: 시그모이드의 기울기는 0.25를 넘지 못해서 깊은 신경망에서 기울기가 사라져요.
  직접 만든 ReLU는 켜진 유닛에서 기울기를 그대로 전해요.
- **느린 학습, 어느 방향으로**: 모멘텀을 더한 SGD는 흔들리는 한 걸음 한 걸음이 아니라 평균
  방향을 따라가요.
- **느린 학습, 얼마나 멀리**: Adam은 가중치마다 걸음 크기를 따로 정해요.
- **과적합**: 드롭아웃은 유닛들이 함께 학습 데이터를 외우지 못하게 막아요.
- **데이터에 맞는 구조**: 합성곱은 이미지 전체에서 가중치를 함께 쓰고, RNN은 순서를 따라
  상태를 이어 가요.

기억할 체크리스트: 시그모이드 대신 ReLU, Adam, 과적합이면 드롭아웃, 이미지는 CNN, 순서가 있는
데이터는 RNN.

`escape`를 누르면 강의로 돌아가요.
""",
)
