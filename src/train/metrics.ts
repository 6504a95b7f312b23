// Classification metrics that say how sure they are: per-class precision/recall/F1, the confusion
// matrix, and accuracy with a Wilson 95% interval.

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  n: number;
  correct: number;
  accuracy: number;
  /** Wilson score interval, 95%. */
  accuracy_ci95: [number, number];
  macro_f1: number;
  per_class: Record<string, ClassMetrics>;
  /** confusion[actual][predicted], in labels order. */
  confusion: number[][];
  labels: string[];
  /** Present when the test set is too small for its accuracy to separate two models. */
  warning?: string;
}

const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials. */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Above this interval width (in accuracy points), a test set cannot rank models that differ by a few points. */
export const WIDE_INTERVAL = 0.1;

export function smallTestSetWarning(n: number, interval: [number, number]): string | undefined {
  const width = interval[1] - interval[0];
  if (width <= WIDE_INTERVAL) return undefined;
  const points = (width * 100).toFixed(0);
  return `test set of ${n} samples: the 95% interval of accuracy is ${points} points wide, so two models whose accuracies differ by less than that cannot be told apart; collect more test data`;
}

export function classificationMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>, labels: readonly string[]): Metrics {
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) confusion[actual[i]!]![predicted[i]!]!++;
  const n = actual.length;
  let correct = 0;
  const per_class: Record<string, ClassMetrics> = {};
  labels.forEach((label, c) => {
    const tp = confusion[c]![c]!;
    correct += tp;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    per_class[label] = { precision, recall, f1, support };
  });
  const accuracy_ci95 = wilsonInterval(correct, n);
  const present = labels.filter((l) => per_class[l]!.support > 0);
  const metrics: Metrics = {
    n,
    correct,
    accuracy: n ? correct / n : 0,
    accuracy_ci95,
    macro_f1: present.length ? present.reduce((s, l) => s + per_class[l]!.f1, 0) / present.length : 0,
    per_class,
    confusion,
    labels: [...labels],
  };
  const warning = smallTestSetWarning(n, accuracy_ci95);
  if (warning) metrics.warning = warning;
  return metrics;
}

/** A 0..1 rate as a percentage with one decimal, as reports and CLI summaries print it. */
export const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** Index of the largest value in each row of a [n, k] block. */
export function argmaxRows(scores: Float32Array, k: number): Int32Array {
  const n = scores.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[i * k + c]! > scores[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}
