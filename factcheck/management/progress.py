"""What long commands share: progress bars on stderr (one per stage), the plain streams under a
command's output wrappers, and the message of an import that stored nothing."""

from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, OutputWrapper
from tqdm import tqdm

SHOWN_PROBLEMS = 50  # an import's problems listed in full; the rest are counted


def stream(output: OutputWrapper) -> TextIO:
    """The file under a command's `self.stdout` or `self.stderr`.

    tqdm and json.dump need a plain stream: the wrapper ends every write with a newline, which
    breaks a progress bar's carriage returns. Django keeps the stream in a private attribute;
    this is the one place that reads it.
    """
    return output._out


class LineStream:
    """A progress bar's stream for a log file or a pipe: each redraw becomes a line of its own and
    the bar's clearing writes go, so a failure printed meanwhile is never on the bar's line (on a
    terminal a carriage return redraws the bar in place; in a file it would glue them together)."""

    def __init__(self, file: TextIO):
        self.file = file

    def write(self, text: str) -> int:
        for piece in text.replace("\r\n", "\n").split("\r"):
            if piece.strip():
                self.file.write(piece if piece.endswith("\n") else piece + "\n")
        return len(text)

    def flush(self) -> None:
        self.file.flush()

    def isatty(self) -> bool:
        return False


def bar_options(output: OutputWrapper) -> dict:
    """tqdm's `file` (and, off a terminal, a calmer redraw rate) for a command's stderr."""
    file = stream(output)
    if getattr(file, "isatty", lambda: False)():
        return {"file": file}
    return {"file": LineStream(file), "mininterval": 5.0, "ascii": True, "ncols": 80}


class StageBars:
    """`bars.update(stage, done, total=..., unit=...)` adds `done` to the stage's bar, creating it
    on first use; every bar is closed when the `with` block ends (also on an error).

    `write(line)` prints a line above the bars (a failure, say) so it never mixes with them;
    `at_least`: a stage whose total is known and smaller gets no bar (a handful of rows).
    """

    def __init__(self, output: OutputWrapper, *, enabled: bool = True, at_least: int = 0):
        self.options = bar_options(output)
        self.file = self.options["file"]
        self.enabled = enabled
        self.at_least = at_least
        self.bars: dict[str, tqdm] = {}

    def update(self, stage: str, done: int, *, total: int | None = None, desc: str | None = None, unit: str = "it"):
        if not self.enabled or (total is not None and total < self.at_least):
            return
        if stage not in self.bars:
            self.bars[stage] = tqdm(total=total, desc=desc or stage, unit=unit, **self.options)
        self.bars[stage].update(done)

    def write(self, line: str, *, output: OutputWrapper | None = None) -> None:
        tqdm.write(line, file=stream(output) if output is not None else self.file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()


def nothing_imported(what: str, error: ValidationError) -> CommandError:
    """The error of an all-or-nothing import that found problems: every problem (up to a limit)
    on its own line, after one line that says nothing was stored."""
    messages = error.messages
    shown = "\n".join(f"  {m}" for m in messages[:SHOWN_PROBLEMS])
    more = f"\n  ... and {len(messages) - SHOWN_PROBLEMS} more" if len(messages) > SHOWN_PROBLEMS else ""
    return CommandError(f"{what}: nothing imported, {len(messages)} problem(s):\n{shown}{more}")
