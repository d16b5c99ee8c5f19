"""Print the features of JSON rows read from standard input; used by the feature parity test.

Input: {"model": "workload-cpu", "rows": [{"history": [...], "end_time_s": 1234}]}
Output: {"features": [[...], ...]} with float64 values.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from models.training.features import compute_features, load_feature_spec


def main() -> None:
    request = json.load(sys.stdin)
    spec = load_feature_spec(request["model"])
    history = np.array([row["history"] for row in request["rows"]], dtype=np.float64)
    end_time_s = np.array([row["end_time_s"] for row in request["rows"]], dtype=np.float64)
    features = compute_features(spec, history, end_time_s)
    json.dump({"features": features.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
