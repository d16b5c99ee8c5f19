"""Print the held-out metrics of the promoted models as Markdown tables, for docs/forecasting.md.

    .venv/bin/python -m models.training.report [--models-dir models]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from models.training.datasets import REPO_ROOT

PREDICTORS = ("model", "last_value", "seasonal_naive")


def horizon_label(label: str) -> str:
    if label == "all":
        return "all horizons pooled"
    seconds = int(label.rstrip("s"))
    return f"{seconds // 60} min" if seconds < 3600 else f"{seconds // 3600} h"


def table(card: dict, labels: list[str]) -> str:
    held_out = card["metrics"]["held_out"]
    header = "| horizon | " + " | ".join(f"{name} MAE | {name} MAPE" for name in PREDICTORS) + " |"
    lines = [header, "|" + " --- |" * (1 + 2 * len(PREDICTORS))]
    for label in labels:
        cells = []
        for name in PREDICTORS:
            row = held_out[label][name]
            cells += [f"{row['mae']:.3f}", f"{row['mape_percent']:.1f} %"]
        lines.append(f"| {horizon_label(label)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", default=str(REPO_ROOT / "models"))
    args = parser.parse_args()
    root = Path(args.models_dir)
    for pointer_path in sorted(root.glob("*/promoted.json")):
        pointer = json.loads(pointer_path.read_text(encoding="utf-8"))
        card = json.loads((root / pointer["model"] / pointer["version"] / "card.json").read_text(encoding="utf-8"))
        labels = [label for label in card["metrics"]["held_out"] if label != "all"]
        if len(labels) > 4:
            labels = [labels[0], labels[5], labels[11], labels[-1]]
        labels.append("all")
        data = card["data"]
        print(f"### {card['model']} {card['version']} ({card['estimator']})\n")
        print(f"Held out: {data['test_rows']} rows from {data['test_from']} to {data['span']['end']}; "
              f"trained on {data['training_rows']} rows from {data['span']['start']}.\n")
        print(table(card, labels))
        interval = card.get("interval")
        if interval:
            coverage = ", ".join(f"{horizon_label(k)} {v:.1%}" for k, v in interval["test_coverage"].items())
            print(f"\nNominal {interval['coverage']:.0%} interval, held-out coverage: {coverage}.")
        print()


if __name__ == "__main__":
    main()
