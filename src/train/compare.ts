// One estimate of a trained model beside the baselines on the same rows, and the one-line warning when
// the model is not clearly better: its 95% interval must lie above the best baseline's accuracy.
import { pct, type Metrics } from './metrics.js';

export interface MethodResult {
  name: string;
  metrics: Metrics;
}

export interface Estimate {
  /** How the rows were split, e.g. "grouped 5-fold" or "later recordings (last 25% of each class)". */
  name: string;
  model: MethodResult;
  baselines: MethodResult[];
  warning?: string;
}

/** The best baseline's name and accuracy. */
export function bestBaseline(baselines: readonly MethodResult[]): MethodResult {
  return baselines.reduce((a, b) => (b.metrics.accuracy > a.metrics.accuracy ? b : a));
}

/** A warning unless the model's whole 95% interval is above the best baseline's accuracy. */
export function notBetterWarning(name: string, model: MethodResult, baselines: readonly MethodResult[]): string | undefined {
  if (!baselines.length) return undefined;
  const best = bestBaseline(baselines);
  const [lo, hi] = model.metrics.accuracy_ci95;
  if (lo > best.metrics.accuracy) return undefined;
  return `${name}: the model (${model.name}, ${pct(model.metrics.accuracy)} [${pct(lo)}–${pct(hi)}]) is not better than the ${best.name} baseline (${pct(best.metrics.accuracy)}) by its 95% interval; do not trust it over the plain method`;
}

export function makeEstimate(name: string, model: MethodResult, baselines: MethodResult[]): Estimate {
  const warning = notBetterWarning(name, model, baselines);
  return { name, model, baselines, ...(warning && { warning }) };
}

/** One summary line: the model and each baseline with intervals. */
export function estimateLine(e: Estimate): string {
  const one = (m: MethodResult) => `${m.name} ${pct(m.metrics.accuracy)} [${pct(m.metrics.accuracy_ci95[0])}–${pct(m.metrics.accuracy_ci95[1])}]`;
  return `${e.name} (${e.model.metrics.n} rows): model ${one(e.model)}; baselines ${e.baselines.map(one).join(', ')}`;
}
