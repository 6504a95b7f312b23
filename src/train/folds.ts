// Stratified k-fold grouped by source: a group (clip, image file, block of CSV rows) lands in one fold
// only, and each class's groups are spread so every fold gets about the same share of each class.
import { UserError } from '../util/errors.js';
import { seededRandom, shuffleInPlace } from '../util/random.js';

interface Group {
  name: string;
  members: number[];
  label: number;
}

function collectGroups(y: ArrayLike<number>, groups: readonly string[], indexes: readonly number[]): Group[] {
  const byName = new Map<string, number[]>();
  for (const i of indexes) {
    const members = byName.get(groups[i]!);
    if (members) members.push(i);
    else byName.set(groups[i]!, [i]);
  }
  return [...byName].map(([name, members]) => {
    // A group with mixed labels (a clip with segments) counts for its most common label.
    const counts = new Map<number, number>();
    for (const i of members) counts.set(y[i]!, (counts.get(y[i]!) ?? 0) + 1);
    const label = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
    return { name, members, label };
  });
}

/**
 * Fold number (0..k-1) of each of the given sample indexes (all samples when omitted), in the same
 * order. Per class, groups go largest first (ties in seeded order) to the fold holding fewest of that class.
 */
export function stratifiedGroupFolds(
  y: ArrayLike<number>,
  groups: readonly string[],
  k: number,
  seed: number,
  indexes: readonly number[] = Array.from({ length: y.length }, (_, i) => i),
): Map<number, number> {
  if (!Number.isInteger(k) || k < 2) throw new UserError(`the number of folds must be an integer of at least 2, got ${k}`);
  const random = seededRandom(seed);
  const all = collectGroups(y, groups, indexes);
  const classes = [...new Set(all.map((g) => g.label))].sort((a, b) => a - b);
  const foldOf = new Map<number, number>();
  const foldTotals = new Array<number>(k).fill(0);
  for (const label of classes) {
    const ofClass = shuffleInPlace(
      all.filter((g) => g.label === label),
      random,
    ).sort((a, b) => b.members.length - a.members.length);
    const perFold = new Array<number>(k).fill(0);
    for (const group of ofClass) {
      // Fewest of this class first, then fewest overall, then lowest number: deterministic.
      let best = 0;
      for (let f = 1; f < k; f++) {
        if (perFold[f]! < perFold[best]! || (perFold[f] === perFold[best] && foldTotals[f]! < foldTotals[best]!)) best = f;
      }
      perFold[best]! += group.members.length;
      foldTotals[best]! += group.members.length;
      for (const i of group.members) foldOf.set(i, best);
    }
  }
  return foldOf;
}

/** The smallest number of groups any class has among the given samples. */
export function minGroupsPerClass(y: ArrayLike<number>, groups: readonly string[], indexes: readonly number[]): number {
  const perClass = new Map<number, number>();
  for (const g of collectGroups(y, groups, indexes)) perClass.set(g.label, (perClass.get(g.label) ?? 0) + 1);
  return Math.min(...perClass.values());
}

/** Splits indexes into train and test by whole groups, about `fraction` of each class to test. */
export function groupedHoldout(
  y: ArrayLike<number>,
  groups: readonly string[],
  indexes: readonly number[],
  fraction: number,
  seed: number,
): { train: number[]; test: number[] } {
  const k = Math.max(2, Math.round(1 / fraction));
  const folds = stratifiedGroupFolds(y, groups, k, seed, indexes);
  const train: number[] = [];
  const test: number[] = [];
  for (const i of indexes) (folds.get(i) === 0 ? test : train).push(i);
  return { train, test };
}
