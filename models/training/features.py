"""Compute model features from the shared spec in models/features.json.

The TypeScript predictor (stages/predictor/features.ts) implements the same arithmetic in the same
order, so both produce identical float64 values for the sums. Sums run oldest value first, one
column at a time, which keeps the vectorised NumPy code here bit-for-bit equal to a plain loop.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

FEATURES_PATH = Path(__file__).resolve().parents[1] / "features.json"
SECONDS_PER_DAY = 86_400


def load_feature_spec(model: str, path: Path = FEATURES_PATH) -> dict[str, Any]:
    """Return the feature spec of one model ("workload-cpu" or "carbon-intensity")."""
    document = json.loads(path.read_text(encoding="utf-8"))
    try:
        return document["models"][model]
    except KeyError as error:
        raise KeyError(f"model {model!r} is not in {path}; known: {sorted(document['models'])}") from error


def feature_names(spec: dict[str, Any]) -> list[str]:
    return [feature["name"] for feature in spec["features"]]


def _sequential_sum(columns: list[np.ndarray]) -> np.ndarray:
    total = np.zeros_like(columns[0], dtype=np.float64)
    for column in columns:
        total = total + column
    return total


def normalization_scale(spec: dict[str, Any], history: np.ndarray) -> np.ndarray | None:
    """Return the per-row scale (mean of the newest N values + offset) of a normalised spec, else None.

    A normalised model sees lags and rolling statistics divided by this scale and predicts targets
    divided by it, so one model serves series of very different levels (3 and 700 gCO2e/kWh).
    """
    normalize = spec.get("normalize")
    if normalize is None:
        return None
    size = spec["history_windows"]
    count = normalize["windows"]
    window = [np.asarray(history, dtype=np.float64)[:, j] for j in range(size - count, size)]
    return _sequential_sum(window) / count + normalize["offset"]


def compute_features(spec: dict[str, Any], history: np.ndarray, end_time_s: np.ndarray) -> np.ndarray:
    """Compute the feature matrix for many rows at once.

    history: float64 array [rows, history_windows], oldest value first, newest in the last column.
    end_time_s: epoch seconds (UTC) of the end of the newest step, one per row.
    Returns float64 [rows, features] in the order of the spec.
    """
    history = np.asarray(history, dtype=np.float64)
    size = spec["history_windows"]
    if history.ndim != 2 or history.shape[1] != size:
        raise ValueError(f"history must have shape [rows, {size}], got {list(history.shape)}")
    end_time_s = np.asarray(end_time_s, dtype=np.float64)
    hour = np.mod(end_time_s, SECONDS_PER_DAY) / 3600.0
    angle = 2.0 * math.pi * hour / 24.0
    scale = normalization_scale(spec, history)
    divisor = np.ones(history.shape[0]) if scale is None else scale

    columns: list[np.ndarray] = []
    for feature in spec["features"]:
        kind = feature["kind"]
        if kind == "lag":
            columns.append(history[:, size - 1 - feature["lag"]] / divisor)
        elif kind in ("rolling_mean", "rolling_std"):
            count = feature["windows"]
            window = [history[:, j] for j in range(size - count, size)]
            mean = _sequential_sum(window) / count
            if kind == "rolling_mean":
                columns.append(mean / divisor)
            else:
                squares = [(value - mean) * (value - mean) for value in window]
                columns.append(np.sqrt(_sequential_sum(squares) / count) / divisor)
        elif kind == "scale":
            if scale is None:
                raise ValueError(f"feature {feature['name']!r} needs a normalize section in the spec")
            columns.append(scale)
        elif kind == "hour_of_day_sin":
            columns.append(np.sin(angle))
        elif kind == "hour_of_day_cos":
            columns.append(np.cos(angle))
        else:
            raise ValueError(f"unknown feature kind {kind!r} in feature {feature['name']!r}")
    return np.stack(columns, axis=1)
