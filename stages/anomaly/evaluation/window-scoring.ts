/**
 * Counts detections against labeled anomaly windows, NAB-style:
 * - a labeled window with at least one detection inside it (bounds included) is one true positive,
 *   however many detections fall inside;
 * - a labeled window with none is one false negative;
 * - detections outside every window are false positives, where a run of detections at consecutive
 *   points counts once, because the stage reports a lasting change window after window.
 */

export interface DetectionCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores extends DetectionCounts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * @param timesMs time of every point, ascending.
 * @param flagged whether the detector flagged each point.
 */
export function countDetections(
  timesMs: readonly number[],
  flagged: readonly boolean[],
  windows: ReadonlyArray<{ startMs: number; endMs: number }>,
): DetectionCounts {
  const hit = new Array<boolean>(windows.length).fill(false);
  let falsePositives = 0;
  let previousWasOutsideDetection = false;

  for (const [index, timeMs] of timesMs.entries()) {
    if (flagged[index] !== true) {
      previousWasOutsideDetection = false;
      continue;
    }
    const inside = windows.findIndex((window) => timeMs >= window.startMs && timeMs <= window.endMs);
    if (inside >= 0) {
      hit[inside] = true;
      previousWasOutsideDetection = false;
      continue;
    }
    if (!previousWasOutsideDetection) {
      falsePositives += 1;
    }
    previousWasOutsideDetection = true;
  }

  const truePositives = hit.filter(Boolean).length;
  return { truePositives, falsePositives, falseNegatives: windows.length - truePositives };
}

/** Adds precision, recall and F1; precision and recall are null where their denominator is zero. */
export function scoresOf(counts: DetectionCounts): Scores {
  const { truePositives, falsePositives, falseNegatives } = counts;
  const precision =
    truePositives + falsePositives === 0 ? null : truePositives / (truePositives + falsePositives);
  const recall =
    truePositives + falseNegatives === 0 ? null : truePositives / (truePositives + falseNegatives);
  // A series with labeled windows and no detection has recall 0 and so F1 0, although its
  // precision is undefined.
  let f1: number | null = recall === 0 ? 0 : null;
  if (precision !== null && recall !== null) {
    f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return { ...counts, precision, recall, f1 };
}

export function addCounts(a: DetectionCounts, b: DetectionCounts): DetectionCounts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
  };
}
