"""The help screen: what each key does, in the learner's language."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from bigpicture.grader.i18n import Msg

HELP = Msg(
    """\
# Keys

| key | what it does |
|---|---|
| `.` / `,` | next / previous lesson |
| `t` | show or hide the list of lessons |
| `p` | the lesson's other plot |
| `x` | the lesson's other exercise (lesson 7 has two) |
| `c` | check your exercise file |
| `e` | edit the file in `$EDITOR` |
| `h` | one more hint |
| `s` | the solution, once you have passed |
| `l` | 한국어로 보기 |
| `ctrl+p` | command palette: themes, keys, quit |
| `ctrl+q` | quit (your progress is saved) |

Plots list their own keys in the footer, e.g. `r` for new random weights.

Saving the exercise file in any editor checks it again: keep this window open beside
your editor. The same checks run from the shell: `bigpicture check 3`.

The mouse works too: click a lesson in the list, scroll the text.

Press `escape` to go back.
""",
    """\
# 키

| 키 | 하는 일 |
|---|---|
| `.` / `,` | 다음 / 이전 강의 |
| `t` | 강의 목록 보이기 / 숨기기 |
| `p` | 강의의 다른 그림 |
| `x` | 강의의 다른 연습 (7강에는 두 개가 있어요) |
| `c` | 연습 파일 채점 |
| `e` | `$EDITOR`로 파일 편집 |
| `h` | 힌트 하나 더 |
| `s` | 모범 답안 (통과한 뒤에) |
| `l` | show in English |
| `ctrl+p` | 명령 팔레트: 테마, 키, 종료 |
| `ctrl+q` | 종료 (진도는 저장돼요) |

그림마다 쓰는 키는 아래 줄에 보여요. 예: `r` 새 무작위 가중치.

어떤 편집기에서든 연습 파일을 저장하면 다시 채점해요. 이 창을 편집기 옆에 띄워 두세요.
셸에서도 같은 채점을 할 수 있어요: `bigpicture check 3`.

마우스도 돼요: 목록에서 강의를 누르고, 글을 스크롤하세요.

`escape`를 누르면 돌아가요.
""",
)


class HelpScreen(ModalScreen[None]):
    """Keys and how the course works."""

    CSS_PATH = "help_screen.tcss"
    BINDINGS = [Binding("escape,f1,q,question_mark", "app.pop_screen", show=False)]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self):
        with VerticalScroll(id="help"):
            yield Markdown(HELP(self.lang))
