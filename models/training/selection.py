"""Model candidates and their selection by time-series cross-validation.

Folds come from TimeSeriesSplit over rows sorted by origin time, never shuffled, with a gap of
rows between each training part and its validation part so no training target overlaps the
validation period.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import RegressorMixin, clone
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import TimeSeriesSplit
from sklearn.multioutput import MultiOutputRegressor


@dataclass
class Candidate:
    name: str
    estimator: RegressorMixin
    hyperparameters: dict[str, Any]


@dataclass
class CrossValidation:
    """Out-of-fold predictions of one candidate: mean MAE over folds and horizons, and residuals."""

    candidate: Candidate
    mae: float
    residuals: np.ndarray  # actual - predicted, [validation rows, horizons]
    validation_rows: np.ndarray  # indices into the cross-validation rows


def random_forest(settings: dict[str, Any]) -> Candidate:
    keys = ("n_estimators", "max_depth", "random_state", "min_samples_leaf", "max_features")
    hyperparameters = {key: settings[key] for key in keys if key in settings}
    return Candidate("random_forest", RandomForestRegressor(n_jobs=-1, **hyperparameters), hyperparameters)


def gradient_boosting_grid(settings: dict[str, Any]) -> list[Candidate]:
    """Build one candidate per point of the grid, with one booster per horizon."""
    grid = settings["grid"]
    names = sorted(grid)
    candidates = []
    for values in itertools.product(*(grid[name] for name in names)):
        hyperparameters = dict(zip(names, values))
        hyperparameters.update(random_state=settings["random_state"], subsample=settings["subsample"])
        estimator = MultiOutputRegressor(GradientBoostingRegressor(**hyperparameters))
        candidates.append(Candidate("gradient_boosting", estimator, hyperparameters))
    return candidates


def ridge_grid(settings: dict[str, Any]) -> list[Candidate]:
    """Linear autoregressive candidates: one ridge regression per alpha, all horizons at once."""
    return [Candidate("ridge", Ridge(alpha=alpha), {"alpha": alpha}) for alpha in settings["alpha"]]


def constant_model() -> Candidate:
    """A deliberately useless model (the training mean of each target) that the gate must reject."""
    return Candidate("constant", DummyRegressor(strategy="mean"), {"strategy": "mean"})


def thin_rows(count: int, max_rows: int) -> np.ndarray:
    """Evenly spaced row indices, at most max_rows of them, still in time order."""
    step = max(1, int(np.ceil(count / max_rows)))
    return np.arange(0, count, step)


def cross_validate(candidate: Candidate, features: np.ndarray, targets: np.ndarray, scale: np.ndarray,
                   n_splits: int, gap_rows: int) -> CrossValidation:
    """Fit on targets / scale, as the exported model does, and score in the targets' own unit."""
    splitter = TimeSeriesSplit(n_splits=n_splits, gap=gap_rows)
    scaled = targets / scale[:, None]
    errors, residuals, rows = [], [], []
    for train_index, validation_index in splitter.split(features):
        model = clone(candidate.estimator).fit(features[train_index], scaled[train_index])
        predicted = model.predict(features[validation_index]).reshape(len(validation_index), -1)
        difference = targets[validation_index] - predicted * scale[validation_index, None]
        errors.append(float(np.mean(np.abs(difference))))
        residuals.append(difference)
        rows.append(validation_index)
    return CrossValidation(candidate, float(np.mean(errors)), np.concatenate(residuals), np.concatenate(rows))


def select(candidates: list[Candidate], features: np.ndarray, targets: np.ndarray, scale: np.ndarray,
           n_splits: int, gap_rows: int, log) -> tuple[CrossValidation, list[dict[str, Any]]]:
    """Cross-validate every candidate and return the best with the scores of all of them."""
    results = []
    for candidate in candidates:
        result = cross_validate(candidate, features, targets, scale, n_splits, gap_rows)
        log(f"cv {candidate.name} {candidate.hyperparameters}: MAE {result.mae:.4f}")
        results.append(result)
    best = min(results, key=lambda result: result.mae)
    scores = [{"name": r.candidate.name, "hyperparameters": r.candidate.hyperparameters, "cv_mae": r.mae} for r in results]
    return best, scores
