"""Error metrics and the validation gate that decides whether a trained model is promoted."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Targets below this magnitude are left out of MAPE: an idle VM at 0.2 % CPU would turn a 0.1
# point error into 50 % and swamp the average.
MAPE_FLOOR = 1.0


def mae(actual: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean(np.abs(actual - predicted)))


def mape(actual: np.ndarray, predicted: np.ndarray, floor: float = MAPE_FLOOR) -> float:
    """Mean absolute percentage error in percent over the targets with |actual| >= floor."""
    keep = np.abs(actual) >= floor
    if not np.any(keep):
        return float("nan")
    return float(np.mean(np.abs(actual[keep] - predicted[keep]) / np.abs(actual[keep])) * 100.0)


def metrics_table(actual: np.ndarray, predictions: dict[str, np.ndarray], labels: list[str]) -> dict:
    """MAE and MAPE of each predictor (model and baselines) per horizon label."""
    table: dict[str, dict] = {}
    for index, label in enumerate(labels):
        table[label] = {
            name: {"mae": mae(actual[:, index], values[:, index]), "mape_percent": mape(actual[:, index], values[:, index])}
            for name, values in predictions.items()
        }
    return table


@dataclass
class GateResult:
    passed: bool
    failures: list[str]


def validation_gate(table: dict, min_improvement: float, baselines: tuple[str, ...] = ("last_value", "seasonal_naive"),
                    horizons: list[str] | None = None) -> GateResult:
    """Require the model's MAE to be at most (1 - min_improvement) times each baseline's MAE.

    Every horizon in `horizons` (all when None) must pass against every baseline; `failures`
    lists each horizon and baseline that did not, with the figures.
    """
    failures = []
    for label in horizons or list(table):
        row = table[label]
        for baseline in baselines:
            limit = (1.0 - min_improvement) * row[baseline]["mae"]
            if not row["model"]["mae"] <= limit:
                failures.append(
                    f"{label}: model MAE {row['model']['mae']:.4f} is not below {limit:.4f} "
                    f"({baseline} MAE {row[baseline]['mae']:.4f} less {min_improvement:.0%})"
                )
    return GateResult(passed=not failures, failures=failures)
