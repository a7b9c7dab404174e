"""A spinner and the time taken, on stderr, while a long action runs: at a terminal only.

Check, Post, payroll, stock and the demo can take a while on a big book; someone
at a terminal should see that the command is working and on what. The display is
``rich``'s (a well-kept library, not hand-drawn bars), transient (it is gone when
the action ends, leaving only the result), and off whenever stderr is not a
terminal, so scripts, logs and tests get the result alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class Steps:
    """What the action is doing now; :meth:`step` changes the line shown (if any)."""

    def __init__(self, progress: Progress | None = None, task: int | None = None,
                 lang: str = "en") -> None:
        self._progress = progress
        self._task = task
        self.lang = lang

    def step(self, en: str, id_: str) -> None:
        """Show the step, in the book's language."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=id_ if self.lang == "id" else en)


@contextmanager
def working(en: str, id_: str, lang: str | Callable[[], str],
            console: Console | None = None) -> Iterator[Steps]:
    """Show ``en`` / ``id_`` with a spinner and the elapsed time while the block runs.

    ``lang`` may be a function, called only when something is shown (finding a book's
    language opens the book). ``console`` defaults to stderr's; nothing is shown unless
    it is a terminal.
    """
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield Steps()
        return
    language = lang() if callable(lang) else lang
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(id_ if language == "id" else en, total=None)
        yield Steps(progress, task, language)
