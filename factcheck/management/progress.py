"""Progress bars for long commands: one bar per stage, made when the stage first reports."""

from tqdm import tqdm


class StageBars:
    """`bars.update(stage, done, total=..., unit=...)` adds `done` to the stage's bar, creating it
    on first use; every bar is closed when the `with` block ends (also on an error)."""

    def __init__(self, stream, *, enabled: bool = True):
        self.stream = stream
        self.enabled = enabled
        self.bars: dict[str, tqdm] = {}

    def update(self, stage: str, done: int, *, total: int | None = None, desc: str | None = None, unit: str = "it"):
        if not self.enabled:
            return
        if stage not in self.bars:
            self.bars[stage] = tqdm(total=total, desc=desc or stage, unit=unit, file=self.stream)
        self.bars[stage].update(done)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()
