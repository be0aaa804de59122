"""A faster sentence encoder: the same model exported to ONNX, int8-quantised, run by onnxruntime.

`prepare(...)` exports the sentence-transformers model once (into FACTCHECK_MODEL_DIR) and writes
a dynamically quantised copy; `OnnxEncoder.encode(...)` reproduces the model's pipeline — the
tokenizer, the transformer, mean pooling over real tokens, unit length — with texts batched by
length so little time goes to padding. bench/match.py and tests/test_embeddings.py measure speed
and agreement with the PyTorch encoder.
"""

import json
from pathlib import Path

import numpy as np
from django.conf import settings

from factcheck.services.matcher.onnx_export import quiet_export

BACKENDS = ("torch", "onnx", "onnx-int8")


def export_folder(model_path: str) -> Path:
    path = Path(model_path)
    name = f"{path.parent.name}-{path.name}" if path.exists() else model_path.replace("/", "--")
    return Path(settings.FACTCHECK_MODEL_DIR) / f"{name}-onnx"


def prepare(model_path: str, *, quantize: bool = True) -> Path:
    """Export the model to ONNX (and an int8 copy) unless already done; returns the folder."""
    import torch
    from sentence_transformers import SentenceTransformer

    folder = export_folder(model_path)
    fp32, int8 = folder / "model.onnx", folder / "model_int8.onnx"
    if fp32.exists() and (int8.exists() or not quantize):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    model = SentenceTransformer(model_path, device="cpu")

    class Transformer(torch.nn.Module):
        """Keyword arguments only: the exporter passes inputs by position."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    transformer = Transformer(model[0].auto_model.eval())
    tokenizer = model.tokenizer
    tokenizer.save_pretrained(str(folder))
    sample = tokenizer(["a sample sentence"], return_tensors="pt")
    with torch.no_grad(), quiet_export():
        torch.onnx.export(
            transformer,
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "last_hidden_state": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
    (folder / "encoder.json").write_text(
        json.dumps({"max_seq_length": model.max_seq_length, "dimensions": model.get_embedding_dimension()})
    )
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with quiet_export():
            quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return folder


class OnnxEncoder:
    """Mean-pooled, normalised sentence vectors from an exported model, on CPU."""

    def __init__(self, folder: Path, *, quantized: bool = True, threads: int | None = None):
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((folder / "encoder.json").read_text())
        self.max_length = config["max_seq_length"]
        self.dimensions = config["dimensions"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        path = folder / ("model_int8.onnx" if quantized else "model.onnx")
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings])  # similar lengths together: less padding
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros((len(rows), width), dtype=np.int64)
            for n, i in enumerate(rows):
                e = encodings[i]
                ids[n, : len(e.ids)] = e.ids
                mask[n, : len(e.ids)] = e.attention_mask
                types[n, : len(e.ids)] = e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out
