"""One-time ONNX exports (the sentence encoder, the scorer), without the exporters' advice."""

import logging
import warnings
from contextlib import contextmanager

ADVICE = "Please consider to run pre-processing before quantization"


def _not_advice(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(ADVICE)


@contextmanager
def quiet_export():
    """Silence what torch's exporter and onnxruntime's quantiser print on every export: tracer and
    opset warnings about code paths these models never take, and the suggestion to pre-process
    before quantising (dynamic int8 quantisation of the linear layers needs none). A newcomer's
    first `make run` then shows only what matters. Other warnings and log records pass."""
    root = logging.getLogger()
    root.addFilter(_not_advice)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"torch\.onnx\..*|transformers\..*")
            warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*ONNX export.*")
            from torch.jit import TracerWarning

            warnings.simplefilter("ignore", TracerWarning)
            yield
    finally:
        root.removeFilter(_not_advice)
