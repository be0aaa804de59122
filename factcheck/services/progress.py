"""How a long-running service reports progress: `progress(stage, done)` after each batch.

A command passes a callable that updates its progress bars (`management/progress.py`); code that
wants no report passes nothing and gets `no_progress`.
"""

from collections.abc import Callable

Progress = Callable[[str, int], None]  # (stage, items done since the last call)


def no_progress(stage: str, done: int) -> None:
    """The progress callback that reports nothing."""
