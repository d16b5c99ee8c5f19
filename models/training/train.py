"""Train, gate and export the forecasting models.

    .venv/bin/python -m models.training.train [--model workload-cpu|carbon-intensity|all]
        [--slice full|small] [--output-dir models] [--estimator auto|constant]

Exit status 0 when every trained model passed the validation gate and was written; 1 when a model
failed the gate (nothing is written for it and the figures are printed); 2 on invalid arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from models.training import datasets, evaluation, export, selection
from models.training.features import feature_names, load_feature_spec

HYPERPARAMETERS = datasets.REPO_ROOT / "configs/ml_hyperparameters.json"
MODELS = ("workload-cpu", "carbon-intensity")


def log(message: str) -> None:
    print(f"train: {message}", file=sys.stderr, flush=True)


def split_by_time(dataset: datasets.Dataset, test_size: float, longest_horizon_s: int):
    """Hold out the latest `test_size` of origin times; drop training rows whose targets reach into it."""
    times = np.unique(dataset.origin_time_s)
    cut = times[int(np.floor(len(times) * (1.0 - test_size)))]
    train = dataset.select(dataset.origin_time_s + longest_horizon_s <= cut)
    test = dataset.select(dataset.origin_time_s >= cut)
    return train, test, float(cut)


def interval_quantiles(residuals: np.ndarray, scale: np.ndarray, coverage: float) -> tuple[list[float], list[float]]:
    """Quantiles of residual / scale per horizon; the interval is mean + quantile * scale."""
    ratios = residuals / scale[:, None]
    lower = np.quantile(ratios, (1.0 - coverage) / 2.0, axis=0)
    upper = np.quantile(ratios, (1.0 + coverage) / 2.0, axis=0)
    return [float(value) for value in lower], [float(value) for value in upper]


def workload_interval(coverage: float, names: list[str], residuals: np.ndarray, oof_features: np.ndarray,
                      test: datasets.Dataset, predicted: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """Fit the scaled residual quantiles on out-of-fold residuals and measure their held-out coverage.

    The scale is the series' recent volatility, std_36 plus 1 percentage point, so a steady VM gets a
    narrow interval and a bursty one a wide interval.
    """
    scale_feature, scale_offset = "std_36", 1.0
    scale_column = names.index(scale_feature)
    lower, upper = interval_quantiles(residuals, oof_features[:, scale_column] + scale_offset, coverage)
    test_scale = test.features[:, scale_column] + scale_offset
    low = predicted + np.array(lower) * test_scale[:, None]
    high = predicted + np.array(upper) * test_scale[:, None]
    inside = (test.targets >= low) & (test.targets <= high)
    return {
        "method": "scaled_residual_quantiles",
        "about": "lower = mean + lower_quantile * (scale_feature + scale_offset), likewise upper; the quantiles "
                 "are of out-of-fold cross-validation residuals divided by the same scale",
        "coverage": coverage, "scale_feature": scale_feature, "scale_offset": scale_offset,
        "lower_quantile": lower, "upper_quantile": upper,
        "test_coverage": {label: float(np.mean(inside[:, index])) for index, label in enumerate(labels)},
    }


def held_out_table(test: datasets.Dataset, predicted: np.ndarray, labels: list[str]) -> dict:
    """MAE and MAPE of the model and both baselines per horizon, plus "all": every horizon pooled."""
    predictions = {"model": predicted, "last_value": test.last_value, "seasonal_naive": test.seasonal_naive}
    table = evaluation.metrics_table(test.targets, predictions, labels)
    pooled = {name: values.reshape(-1, 1) for name, values in predictions.items()}
    table["all"] = evaluation.metrics_table(test.targets.reshape(-1, 1), pooled, ["all"])["all"]
    return table


def iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(model_name: str, settings: dict[str, Any], small: bool):
    spec = load_feature_spec(model_name)
    if model_name == "workload-cpu":
        horizons_s = settings["workload"]["horizons_s"]
        dataset = datasets.workload_dataset(
            spec, horizons_s, settings["workload"]["origin_stride_windows"],
            max_series=20 if small else None, max_steps=2000 if small else None,
        )
        labels = [f"{horizon}s" for horizon in horizons_s]
        return spec, dataset, horizons_s, labels, labels
    hours = settings["carbon"]["horizon_hours"]
    dataset = datasets.carbon_dataset(
        spec, hours, settings["carbon"]["origin_stride_hours"] * (4 if small else 1), max_regions=2 if small else None,
    )
    horizons_s = [3600 * hour for hour in range(1, hours + 1)]
    # The carbon gate judges the whole 24-hour forecast: the mean error over all its hours.
    return spec, dataset, horizons_s, [f"{3600 * hour}s" for hour in range(1, hours + 1)], ["all"]


def candidates_for(model_name: str, settings: dict[str, Any], estimator: str, small: bool) -> list[selection.Candidate]:
    if estimator == "constant":
        return [selection.constant_model()]
    if model_name == "carbon-intensity":
        forest = dict(settings["carbon"]["random_forest"])
    else:
        forest = dict(settings["random_forest"])
    if small:
        # The small slice checks the whole path in seconds; its forests are not for serving.
        forest["n_estimators"] = min(forest["n_estimators"], 10)
    candidates = [selection.random_forest(forest)]
    if model_name == "carbon-intensity":
        candidates += selection.ridge_grid(settings["carbon"]["ridge"])
    if model_name == "workload-cpu":
        boosting = dict(settings["gradient_boosting"])
        if small:
            boosting["grid"] = {name: values[:1] for name, values in boosting["grid"].items()}
        candidates += selection.gradient_boosting_grid(boosting)
    return candidates


def train_model(model_name: str, settings: dict[str, Any], args: argparse.Namespace, version: str) -> bool:
    started = time.monotonic()
    small = args.slice == "small"
    spec, dataset, horizons_s, labels, gate_labels = build(model_name, settings, small)
    names = feature_names(spec)
    train, test, cut = split_by_time(dataset, settings["random_forest"]["test_size"], max(horizons_s))
    log(f"{model_name}: {len(train.targets)} training rows, {len(test.targets)} test rows from {iso(cut)}")

    cv = settings["cross_validation"]
    rows = selection.thin_rows(len(train.targets), cv["max_rows"])
    gap_rows = int(np.ceil(len(rows) / max(1, len(np.unique(train.origin_time_s[rows]))) * max(horizons_s)
                           / spec["series_step_s"]))
    candidates = candidates_for(model_name, settings, args.estimator, small)
    best, scores = selection.select(
        candidates, train.features[rows], train.targets[rows], train.scale[rows], cv["n_splits"], gap_rows, log,
    )
    log(f"{model_name}: chose {best.candidate.name} {best.candidate.hyperparameters}")

    estimator = best.candidate.estimator.fit(train.features, train.targets / train.scale[:, None])
    raw = estimator.predict(test.features).reshape(len(test.targets), -1)
    table = held_out_table(test, raw * test.scale[:, None], labels)
    gate = evaluation.validation_gate(table, settings["validation_gate"]["min_improvement"], horizons=gate_labels)
    for label in gate_labels:
        figures = ", ".join(f"{name} MAE {row['mae']:.4f} MAPE {row['mape_percent']:.2f}%" for name, row in table[label].items())
        log(f"{model_name} {label}: {figures}")
    if not gate.passed:
        for failure in gate.failures:
            log(f"{model_name} rejected by the validation gate: {failure}")
        return False

    # The gate judged scikit-learn's float64 predictions; the card reports the exported float32
    # model that the predictor serves, and how far the two differ.
    onnx_bytes = export.to_onnx_bytes(estimator, len(names), len(horizons_s), model_name, version)
    served = export.run_onnx(onnx_bytes, test.features).reshape(raw.shape)
    onnx_gap = float(np.max(np.abs(served - raw)))
    predicted = served * test.scale[:, None]
    table = held_out_table(test, predicted, labels)

    interval = None
    if model_name == "workload-cpu":
        oof_features = train.features[rows][best.validation_rows]
        interval = workload_interval(settings["workload"]["interval_coverage"], names, best.residuals, oof_features,
                                     test, predicted, labels)

    if len(onnx_bytes) > settings["limits"]["max_model_bytes"]:
        log(f"{model_name}: ONNX file is {len(onnx_bytes)} bytes, above limits.max_model_bytes; lower the tree counts")
        return False
    card = {
        "model": model_name, "version": version, "created_at": iso(time.time()),
        "estimator": best.candidate.name, "hyperparameters": best.candidate.hyperparameters,
        "selection": {"method": "TimeSeriesSplit cross-validation, ordered in time, never shuffled",
                      "n_splits": cv["n_splits"], "gap_rows": gap_rows, "rows": int(len(rows)), "candidates": scores},
        "input": {"name": export.INPUT_NAME, "type": "float32", "shape": [None, len(names)], "features": names},
        "output": {"name": export.OUTPUT_NAME, "type": "float32", "shape": [None, len(horizons_s)]},
        "target": spec["target"], "horizons_s": horizons_s, "series_step_s": spec["series_step_s"],
        "history_windows": spec["history_windows"], "normalize": spec.get("normalize"),
        "output_range": [0.0, 100.0] if model_name == "workload-cpu" else [0.0, None],
        "interval": interval,
        "data": {"files": dataset.data_files, "series": dataset.series_count, "slice": args.slice,
                 "span": {"start": iso(float(dataset.origin_time_s.min())), "end": iso(float(dataset.origin_time_s.max()))},
                 "test_from": iso(cut), "training_rows": int(len(train.targets)), "test_rows": int(len(test.targets))},
        "metrics": {"held_out": table, "gate": {"min_improvement": settings["validation_gate"]["min_improvement"],
                                                 "horizons": gate_labels, "passed": True}},
        "onnx": {"bytes": len(onnx_bytes), "max_abs_difference_to_scikit_learn": onnx_gap,
                 "opset": export.TARGET_OPSET},
    }
    folder = export.write_model(Path(args.output_dir), model_name, version, onnx_bytes, card, promote=True)
    log(f"{model_name}: wrote {folder} ({len(onnx_bytes)} bytes) in {time.monotonic() - started:.1f} s")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.training.train", description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=[*MODELS, "all"], default="all", help="model to train")
    parser.add_argument("--slice", choices=["full", "small"], default="full",
                        help="small: a few series and short spans, to check the pipeline in seconds")
    parser.add_argument("--output-dir", default=str(datasets.REPO_ROOT / "models"), help="models folder to write")
    parser.add_argument("--hyperparameters", default=str(HYPERPARAMETERS), help="hyperparameter JSON file")
    parser.add_argument("--estimator", choices=["auto", "constant"], default="auto",
                        help="constant: a useless mean predictor, to check that the gate rejects it")
    parser.add_argument("--version", default=None, help="model version; default: UTC time of the run")
    args = parser.parse_args(argv)
    settings = json.loads(Path(args.hyperparameters).read_text(encoding="utf-8"))
    version = args.version or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    models = MODELS if args.model == "all" else (args.model,)
    results = [train_model(model, settings, args, version) for model in models]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
