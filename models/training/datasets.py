"""Build supervised datasets from the real traces in data/.

Each row is one forecast origin: the feature history up to the newest step, the targets after it
and the two naive baselines for the same targets. Rows are sorted by origin time so that a
time-ordered split and TimeSeriesSplit never train on the future.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from models.training.features import compute_features, normalization_scale

REPO_ROOT = Path(__file__).resolve().parents[2]
UTILIZATION_CSV = REPO_ROOT / "data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv"
REGION_ZONES_CSV = REPO_ROOT / "data/carbon/aws_region_grid_zones.csv"
SECONDS_PER_DAY = 86_400


@dataclass
class Dataset:
    features: np.ndarray  # float64 [rows, features]
    targets: np.ndarray  # float64 [rows, horizons]
    last_value: np.ndarray  # baseline predictions [rows, horizons]
    seasonal_naive: np.ndarray  # baseline predictions [rows, horizons]
    origin_time_s: np.ndarray  # end of the newest step of each row, epoch seconds
    series_count: int
    data_files: list[dict[str, str]]  # path (relative to the repository) and sha256
    scale: np.ndarray  # per-row target scale of a normalised spec, else ones [rows]

    def select(self, mask: np.ndarray) -> "Dataset":
        return Dataset(
            self.features[mask],
            self.targets[mask],
            self.last_value[mask],
            self.seasonal_naive[mask],
            self.origin_time_s[mask],
            self.series_count,
            self.data_files,
            self.scale[mask],
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_record(path: Path) -> dict[str, str]:
    return {"path": str(path.relative_to(REPO_ROOT)), "sha256": sha256_of(path)}


def _origins(
    spec: dict, values: np.ndarray, step_s: int, start_s: np.ndarray, horizon_steps: list[int],
    season_steps: int, stride: int,
) -> tuple[np.ndarray, ...]:
    """Rows of one series: history windows, end times, horizon-mean targets and baselines.

    The target of horizon h is the mean of the h steps after the origin. The seasonal-naive
    baseline is the mean of the same h steps one season earlier. Origins without a full season
    of history before them are dropped, so both baselines cover the same rows.
    """
    size = spec["history_windows"]
    longest = max(horizon_steps)
    first = max(size - 1, season_steps - 1)
    last = len(values) - 1 - longest
    origins = np.arange(first, last + 1, stride)
    if origins.size == 0:
        empty = np.empty((0,))
        return np.empty((0, size)), empty, np.empty((0, len(horizon_steps))), empty, np.empty((0, len(horizon_steps)))
    windows = sliding_window_view(values, size)[origins - (size - 1)]
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    targets, seasonal = [], []
    for steps in horizon_steps:
        targets.append((cumulative[origins + 1 + steps] - cumulative[origins + 1]) / steps)
        back = origins + 1 - season_steps
        seasonal.append((cumulative[back + steps] - cumulative[back]) / steps)
    end_time = start_s[origins] + step_s
    return windows, end_time, np.stack(targets, axis=1), values[origins], np.stack(seasonal, axis=1)


def _assemble(spec: dict, parts: list[tuple[np.ndarray, ...]], horizons: int, files: list[dict[str, str]]) -> Dataset:
    windows = np.concatenate([part[0] for part in parts])
    end_time = np.concatenate([part[1] for part in parts])
    targets = np.concatenate([part[2] for part in parts])
    last = np.repeat(np.concatenate([part[3] for part in parts])[:, None], horizons, axis=1)
    seasonal = np.concatenate([part[4] for part in parts])
    valid = np.isfinite(windows).all(axis=1) & np.isfinite(targets).all(axis=1) & np.isfinite(seasonal).all(axis=1)
    order = np.argsort(end_time[valid], kind="stable")
    history = windows[valid][order]
    features = compute_features(spec, history, end_time[valid][order])
    scale = normalization_scale(spec, history)
    return Dataset(features, targets[valid][order], last[valid][order], seasonal[valid][order],
                   end_time[valid][order], len(parts), files,
                   np.ones(len(features)) if scale is None else scale)


def workload_dataset(spec: dict, horizons_s: list[int], stride: int, max_series: int | None = None,
                     max_steps: int | None = None) -> Dataset:
    """Rows from the Azure 2017 VM trace: 5-minute average CPU of 100 VMs over about 28 days.

    The trace gives offsets from its start, not dates, so hour of day is taken from the offset.
    NOTE: this assumes offset 0 is 00:00 UTC; the trace does not state its start time of day, and
    a replay that maps offset 0 to another time of day shifts the hour features.
    """
    step_s = spec["series_step_s"]
    frame = pd.read_csv(UTILIZATION_CSV)
    if max_steps is not None:
        frame = frame.tail(max_steps)
    start_s = frame["offset_s"].to_numpy(dtype=np.float64)
    columns = [column for column in frame.columns if column.startswith("vm_")][:max_series]
    horizon_steps = [horizon // step_s for horizon in horizons_s]
    season_steps = SECONDS_PER_DAY // step_s
    parts = [
        _origins(spec, frame[column].to_numpy(dtype=np.float64), step_s, start_s, horizon_steps, season_steps, stride)
        for column in columns
    ]
    return _assemble(spec, parts, len(horizons_s), [_file_record(UTILIZATION_CSV)])


def carbon_series_files(max_regions: int | None = None) -> dict[str, Path]:
    """Map each grid zone with a bundled Electricity Maps hourly file to that file, in a stable order."""
    zones: dict[str, Path] = {}
    with REGION_ZONES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for name in row["bundled_files"].split(";"):
                if name.startswith("carbon/electricitymaps_"):
                    zones.setdefault(row["electricity_maps_zone"], REPO_ROOT / "data" / name)
    ordered = dict(sorted(zones.items()))
    return dict(list(ordered.items())[:max_regions])


def read_carbon_series(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Return (hour start in epoch seconds, direct intensity in gCO2e/kWh) of one hourly file.

    The 2023 files come in two header spellings, so columns are taken by position: 0 is the UTC
    hour start and 4 the direct (operational) intensity.
    """
    frame = pd.read_csv(path, usecols=[0, 4], header=0, names=["hour", "intensity"])
    hours = (pd.to_datetime(frame["hour"], utc=True) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    return hours.to_numpy(dtype=np.float64), frame["intensity"].to_numpy(dtype=np.float64)


def carbon_dataset(spec: dict, horizon_hours: int, stride: int, max_regions: int | None = None) -> Dataset:
    """Rows from every bundled 2023 hourly series, pooled into one model across zones.

    Each of the next `horizon_hours` hours is its own target. The seasonal-naive baseline repeats
    the same hour of the previous day, and the last-value baseline repeats the newest hour.
    """
    step_s = spec["series_step_s"]
    parts, files = [], []
    for path in carbon_series_files(max_regions).values():
        hours, values = read_carbon_series(path)
        if np.any(np.diff(hours) != step_s):
            raise ValueError(f"{path} is not a gap-free hourly series")
        size = spec["history_windows"]
        first = max(size - 1, 23)
        origins = np.arange(first, len(values) - horizon_hours, stride)
        windows = sliding_window_view(values, size)[origins - (size - 1)]
        ahead = np.stack([values[origins + k] for k in range(1, horizon_hours + 1)], axis=1)
        seasonal = np.stack([values[origins + k - 24] for k in range(1, horizon_hours + 1)], axis=1)
        parts.append((windows, hours[origins] + step_s, ahead, values[origins], seasonal))
        files.append(_file_record(path))
    return _assemble(spec, parts, horizon_hours, files)
