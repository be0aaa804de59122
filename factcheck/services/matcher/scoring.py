"""The contradiction scorer the matcher calls: cross-encoder both ways, calibrated, explained.

For each pair (a, b) the fine-tuned MiniLM cross-encoder gives a logit for a→b and for b→a; a
small logistic regression (fitted on held-out training rows, see factcheck/lab/calibration.py) turns
the two logits, the embedding cosine and a few cue features into P(contradiction). The rules in
factcheck/services/matcher/cues.py then say why: the stance of each side, the kind of clash and the words to mark.
"""

import copy
import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from factcheck.services.matcher import cues as cue_rules
from factcheck.services.matcher.onnx_export import quiet_export

BATCH_SIZE = 64
MAX_LENGTH = 128


@dataclass(frozen=True)
class PairScore:
    contradiction: float  # calibrated P(contradiction), 0..1
    kind: str  # a PairKind value, or "" when the pair is not a contradiction
    stance_a: str  # a Stance value: "assertion" | "denial" | "hedge"
    stance_b: str
    cues: dict  # {"a": [...], "b": [...], "fired": [...], "p_ab": float, "p_ba": float}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


ONNX_FILE = "model.int8.onnx"
ONNX_FP32_FILE = "model.fp32.onnx"
RUNTIMES = ("fp32", "int8", "onnx-int8", "onnx-fp32")
BATCHED = ("fp32", "onnx-fp32")  # the runtimes whose scores do not depend on the batch


class CrossEncoderRunner:
    """The raw cross-encoder: logits for ordered pairs, batched by length, on CPU.

    runtime "fp32": the weights as trained (stored in fp16, run in fp32); "int8": PyTorch dynamic
    int8 on the linear layers; "onnx-int8": the int8 ONNX export beside the weights, run by
    ONNX Runtime, one pair per run; "onnx-fp32": the fp32 ONNX export, batched by length (its
    logits equal one pair per run's; bench/scorer.py measures the runtimes against each other).
    """

    def __init__(self, folder: str | Path, *, runtime: str = "fp32"):
        from transformers import AutoTokenizer

        if runtime not in RUNTIMES:
            raise ValueError(f"Unknown scorer runtime {runtime!r}; expected one of {', '.join(RUNTIMES)}.")
        self.runtime = runtime
        # Dynamic int8 quantises activations with one scale for the whole batch, padding
        # included, so a pair's logit moved with the other pairs in its batch (by up to 0.55 on
        # news sentence pairs). One pair per run makes a pair's score a function of the pair.
        self.batch_size = BATCH_SIZE if runtime in BATCHED else 1
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.model = self.session = None
        if runtime.startswith("onnx-"):
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = settings.FACTCHECK_SCORER_THREADS
            self.session = onnxruntime.InferenceSession(
                str(onnx_path(folder, runtime)), options, providers=["CPUExecutionProvider"]
            )
            self.input_names = {i.name for i in self.session.get_inputs()}
            return
        import torch
        from transformers import AutoModelForSequenceClassification

        model = AutoModelForSequenceClassification.from_pretrained(str(folder), dtype=torch.float32)
        model.eval()
        if runtime == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model = model

    def _batch_logits(self, first: list[str], second: list[str]) -> np.ndarray:
        if self.session is not None:
            enc = self.tokenizer(
                first, second, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="np"
            )
            feed = {k: v.astype(np.int64) for k, v in enc.items() if k in self.input_names}
            return self.session.run(None, feed)[0][:, 0]
        import torch

        enc = self.tokenizer(first, second, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt")
        with torch.inference_mode():
            return self.model(**enc).logits[:, 0].float().numpy()

    def logits(self, pairs: Sequence[tuple[str, str]], *, progress=None) -> np.ndarray:
        out = np.zeros(len(pairs), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._batch_logits([pairs[i][0] for i in idx], [pairs[i][1] for i in idx])
            if progress:
                progress(len(idx))
        return out


def onnx_path(folder: str | Path, runtime: str = "onnx-int8") -> Path:
    """The ONNX copy of the scorer's weights for a runtime: beside them if shipped so, else derived once.

    The repository keeps only the fp16 weights (one weights file in its history); the ONNX copies
    the app runs are exported (and the int8 one quantised) from them on first use into
    FACTCHECK_MODEL_DIR, under a lock so that several workers starting at once do it once. Dynamic
    quantisation of the same weights gives the same file, so every machine runs the same model.
    """
    import fcntl

    name = ONNX_FP32_FILE if runtime == "onnx-fp32" else ONNX_FILE
    folder = Path(folder)
    if (folder / name).exists():
        return folder / name
    version = json.loads((folder / "calibration.json").read_text())["version"]
    target_dir = Path(settings.FACTCHECK_MODEL_DIR) / f"scorer-{version}"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / name
    with open(target_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            export_onnx(folder, target_dir)
    return target


def export_onnx(folder: str | Path, target_dir: str | Path | None = None) -> Path:
    """Write the fp32 and int8 ONNX copies of the weights in `folder` into `target_dir` (default:
    `folder`); returns the int8 one."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = Path(folder)
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), dtype=torch.float32).eval()
    enc = AutoTokenizer.from_pretrained(str(folder))(["a claim"], ["another claim"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    target_dir = Path(target_dir or folder)
    fp32 = target_dir / ONNX_FP32_FILE
    partial_fp32 = target_dir / "model.fp32.partial.onnx"
    target = target_dir / ONNX_FILE
    partial = target_dir / "model.int8.partial.onnx"
    with quiet_export():
        torch.onnx.export(
            model,
            tuple(enc[n] for n in names),
            str(partial_fp32),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(partial_fp32), str(partial), weight_type=QuantType.QInt8)
    partial.replace(target)
    partial_fp32.replace(fp32)
    return target


def features(logit_ab: float, logit_ba: float, cosine: float, cues: cue_rules.Cues, names: list[str]) -> list[float]:
    """The calibration's inputs, by name; symmetric in a and b (max and min of the two logits)."""
    values = {
        "logit_max": max(logit_ab, logit_ba),
        "logit_min": min(logit_ab, logit_ba),
        "cosine": cosine,
    }
    for name in cue_rules.CUE_FEATURES:
        values[name] = float(getattr(cues, name))
    return [values[name] for name in names]


class Scorer:
    """Loads one scorer folder: weights, tokenizer and calibration.json."""

    def __init__(self, folder: str | Path):
        folder = Path(folder)
        calibration_file = folder / "calibration.json"
        if not calibration_file.exists():
            raise FileNotFoundError(f"No calibration.json in the scorer folder {folder}.")
        self.calibration = json.loads(calibration_file.read_text())
        self.base_version: str = self.calibration["version"]  # what an editors' refit refits
        self.version: str = self.calibration["version"]
        self.threshold: float = float(self.calibration["threshold"])
        self.feature_names: list[str] = self.calibration["features"]
        self.coef = np.asarray(self.calibration["coef"], dtype=np.float64)
        self.intercept = float(self.calibration["intercept"])
        self.runner = CrossEncoderRunner(folder, runtime=self.calibration.get("runtime", "fp32"))
        self.version += f"+rules{cue_rules.RULES_VERSION}"
        self.second_pass_from = float(settings.FACTCHECK_SCORER_SECOND_PASS_FROM)
        if math.isfinite(self.second_pass_from):
            # Scores depend on it: pairs scored with another setting are re-scored.
            self.version += f"+2nd@{self.second_pass_from:g}"

    def both_ways(self, pairs: list[tuple[str, str]], *, progress=None) -> tuple[np.ndarray, np.ndarray]:
        """The cross-encoder's logits for a→b and b→a.

        The second direction is run only where the first reaches `second_pass_from`: below it,
        b→a is taken to equal a→b (the two agree closely: correlation 0.95 on news sentence
        pairs). Chosen with bench/second_pass.py on training-side pairs (FNC-1 train sentences
        and their neighbours, number-edited copies, claimpairs_dev): at -2.5 it spares 40% of
        the second passes on news neighbours, keeps every pair the full score calls a
        contradiction and 99.7% of those it would store (docs/benchmarks.md, "Scoring budget").
        """
        logit_ab = self.runner.logits(pairs, progress=progress)
        logit_ba = logit_ab.copy()
        second = np.flatnonzero(needs_second_pass(logit_ab, self.second_pass_from)).tolist()
        if second:
            logit_ba[second] = self.runner.logits([(pairs[i][1], pairs[i][0]) for i in second], progress=progress)
        if progress and len(second) < len(pairs):
            progress(len(pairs) - len(second))  # the passes spared, so a bar of 2n still ends full
        return logit_ab, logit_ba

    def use_refit(self, refit) -> None:
        """Score with an editors' refit of the combination (a `ScorerRefit`) instead of the
        calibration's; its id joins the version, so pairs scored before are scored again."""
        if refit.base_version != self.base_version or list(refit.features) != self.feature_names:
            raise ValueError(f"Refit {refit.pk} is of another scorer ({refit.base_version}).")
        self.coef = np.asarray(refit.coef, dtype=np.float64)
        self.intercept = float(refit.intercept)
        self.threshold = float(refit.threshold)
        self.version += f"+refit{refit.pk}"

    def feature_matrix(self, logit_ab, logit_ba, cosine, cue_list) -> np.ndarray:
        """One row per pair of the combination's inputs (`features`)."""
        return np.array(
            [
                features(a, b, c, q, self.feature_names)
                for a, b, c, q in zip(logit_ab, logit_ba, cosine, cue_list, strict=True)
            ],
            dtype=np.float64,
        ).reshape(len(cue_list), len(self.feature_names))

    def pair_features(self, pairs: Sequence[tuple[str, str]], similarities: Sequence[float]) -> np.ndarray:
        """`feature_matrix` read from the texts: the model both ways and the cue rules."""
        logit_ab, logit_ba = self.both_ways(list(pairs))
        return self.feature_matrix(logit_ab, logit_ba, similarities, [cue_rules.find_cues(a, b) for a, b in pairs])

    def probabilities(self, logit_ab, logit_ba, cosine, cue_list) -> np.ndarray:
        return sigmoid(self.feature_matrix(logit_ab, logit_ba, cosine, cue_list) @ self.coef + self.intercept)

    def score(
        self,
        pairs: Sequence[tuple[str, str]],
        similarities: Sequence[float] | None = None,
        *,
        progress=None,
    ) -> list[PairScore]:
        pairs = [(a, b) for a, b in pairs]
        if not pairs:
            return []
        if similarities is None:
            similarities = cosine_similarities(pairs)
        if len(similarities) != len(pairs):
            raise ValueError("Give one similarity per pair.")
        logit_ab, logit_ba = self.both_ways(pairs, progress=progress)
        cue_list = [cue_rules.find_cues(a, b) for a, b in pairs]
        probs = self.probabilities(logit_ab, logit_ba, similarities, cue_list)
        p_ab, p_ba = sigmoid(logit_ab), sigmoid(logit_ba)
        results = []
        for i, (a, b) in enumerate(pairs):
            found = cue_list[i]
            stance_a, stance_b = cue_rules.stance(a), cue_rules.stance(b)
            p = float(probs[i])
            kind = cue_rules.kind_of(found, stance_a, stance_b) if p >= self.threshold else ""
            words_a, words_b = cue_rules.highlight(found, kind) if kind else ([], [])
            results.append(
                PairScore(
                    contradiction=round(p, 4),
                    kind=kind,
                    stance_a=stance_a,
                    stance_b=stance_b,
                    cues={
                        "a": list(words_a),
                        "b": list(words_b),
                        "fired": found.fired(),
                        "p_ab": round(float(p_ab[i]), 4),
                        "p_ba": round(float(p_ba[i]), 4),
                    },
                )
            )
        return results


def needs_second_pass(logit_ab: np.ndarray, bound: float) -> np.ndarray:
    """Which pairs the scorer also reads b→a: those whose a→b logit reaches the bound."""
    return np.asarray(logit_ab) >= bound


def cosine_similarities(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Cosine of the two sides' embeddings, with each distinct text encoded once."""
    from factcheck.services.matcher.embeddings import encode

    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    vectors = encode(texts)
    index = {t: i for i, t in enumerate(texts)}
    return [float(vectors[index[a]] @ vectors[index[b]]) for a, b in pairs]


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@functools.cache
def get_scorer() -> Scorer:
    """The configured scorer (settings.FACTCHECK_SCORER_MODEL) as shipped, loaded once per process."""
    return Scorer(settings.FACTCHECK_SCORER_MODEL)


def scorer_in_force() -> Scorer:
    """The configured scorer with the editors' refit of its combination in force, if any
    (`calibrate`, `refit.py`): what `match` scores with. One query a call."""
    from factcheck.models import ScorerRefit

    scorer = get_scorer()
    refit = ScorerRefit.objects.filter(base_version=scorer.base_version, adopted=True).values_list("pk", flat=True)
    pk = refit.first()
    return scorer if pk is None else _with_refit(pk)


@functools.cache
def _with_refit(pk: int) -> Scorer:
    from factcheck.models import ScorerRefit

    scorer = copy.copy(get_scorer())  # the same weights and runner, another combination
    scorer.use_refit(ScorerRefit.objects.get(pk=pk))
    return scorer
