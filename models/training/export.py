"""ONNX export, the model card and the promoted pointer in a models folder.

Layout (the TypeScript registry reads the same): <root>/<model>/<version>/model.onnx and
card.json, and <root>/<model>/promoted.json naming the version the predictor serves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType

INPUT_NAME = "features"
OUTPUT_NAME = "forecast"
# ONNX opset 17 and ai.onnx.ml 3 (TreeEnsembleRegressor) run on onnxruntime 1.14 and later,
# which covers the onnxruntime-node release the predictor uses.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def to_onnx_bytes(estimator, feature_count: int, output_count: int, model_name: str, version: str) -> bytes:
    """Convert a fitted regressor to ONNX with input [N, features] and output [N, horizons], float32."""
    model = to_onnx(
        estimator,
        initial_types=[(INPUT_NAME, FloatTensorType([None, feature_count]))],
        final_types=[(OUTPUT_NAME, FloatTensorType([None, output_count]))],
        target_opset=TARGET_OPSET,
    )
    model.producer_name = "eaawas-training"
    model.doc_string = f"{model_name} {version}"
    entry = model.metadata_props.add()
    entry.key, entry.value = "model_version", version
    return model.SerializeToString()


def run_onnx(onnx_bytes: bytes, features: np.ndarray) -> np.ndarray:
    """Run the exported model with onnxruntime on float32 input, as the predictor does."""
    session = onnxruntime.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    (output,) = session.run([OUTPUT_NAME], {INPUT_NAME: features.astype(np.float32)})
    return output.astype(np.float64)


def write_model(root: Path, model_name: str, version: str, onnx_bytes: bytes, card: dict[str, Any],
                promote: bool) -> Path:
    """Write model.onnx and card.json under root/model/version; point promoted.json at it if asked."""
    folder = root / model_name / version
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.onnx").write_bytes(onnx_bytes)
    (folder / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if promote:
        pointer = {"model": model_name, "version": version}
        (root / model_name / "promoted.json").write_text(json.dumps(pointer, indent=2) + "\n", encoding="utf-8")
    return folder
