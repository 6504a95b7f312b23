// Metrics and the accuracy interval checked against values worked out by hand, and the grouped
// stratified folds that keep a source's frames on one side of every split.
import { describe, expect, it } from 'vitest';
import { minGroupsPerClass, stratifiedGroupFolds } from '../src/train/folds.js';
import { argmaxRows, classificationMetrics, wilsonInterval } from '../src/train/metrics.js';
import { FEATURE_SPEC_VERSION } from '../src/features/index.js';
import { groupErrors } from '../src/train/workbench.js';
import { UserError } from '../src/util/errors.js';

describe('Wilson interval', () => {
  it('matches hand-computed bounds', () => {
    // 2 of 4: centre 0.5, half width 1.96·sqrt(0.0625 + 0.060025)/1.9604 = 0.34997.
    const [lo, hi] = wilsonInterval(2, 4);
    expect(lo).toBeCloseTo(0.15004, 4);
    expect(hi).toBeCloseTo(0.84996, 4);
    // 4 of 4: centre 1.4802/1.9604 = 0.75505, half width 1.96·0.245/1.9604 = 0.24495.
    expect(wilsonInterval(4, 4)[0]).toBeCloseTo(0.5101, 4);
    expect(wilsonInterval(4, 4)[1]).toBe(1);
    // 95 of 100: the textbook value (0.8882, 0.9785).
    expect(wilsonInterval(95, 100)[0]).toBeCloseTo(0.8882, 4);
    expect(wilsonInterval(95, 100)[1]).toBeCloseTo(0.9785, 4);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe('classification metrics', () => {
  // actual:    a a a a b b b c c c
  // predicted: a a a b b b a c c b
  const actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const predicted = [0, 0, 0, 1, 1, 1, 0, 2, 2, 1];
  const m = classificationMetrics(actual, predicted, ['a', 'b', 'c']);

  it('counts the confusion matrix by actual row and predicted column', () => {
    expect(m.confusion).toEqual([
      [3, 1, 0],
      [1, 2, 0],
      [0, 1, 2],
    ]);
    expect(m.n).toBe(10);
    expect(m.correct).toBe(7);
    expect(m.accuracy).toBeCloseTo(0.7, 10);
  });

  it('gives per-class precision, recall and F1 as computed by hand', () => {
    // a: tp 3, predicted 4, actual 4 → P 0.75 R 0.75 F1 0.75
    expect(m.per_class.a).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    // b: tp 2, predicted 4, actual 3 → P 0.5 R 0.6667 F1 0.5714
    expect(m.per_class.b!.precision).toBeCloseTo(0.5, 10);
    expect(m.per_class.b!.recall).toBeCloseTo(2 / 3, 10);
    expect(m.per_class.b!.f1).toBeCloseTo(4 / 7, 10);
    // c: tp 2, predicted 2, actual 3 → P 1 R 0.6667 F1 0.8
    expect(m.per_class.c!.f1).toBeCloseTo(0.8, 10);
    expect(m.macro_f1).toBeCloseTo((0.75 + 4 / 7 + 0.8) / 3, 10);
  });

  it('warns that a small test set cannot tell models apart, and not a large one', () => {
    expect(m.warning).toMatch(/10 samples.*cannot be told apart/);
    const many = Array.from({ length: 2000 }, (_, i) => i % 2);
    expect(classificationMetrics(many, many, ['x', 'y']).warning).toBeUndefined();
  });

  it('picks the highest score per row', () => {
    expect(Array.from(argmaxRows(Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.4, 0.1]), 3))).toEqual([1, 0]);
  });
});

describe('stratified group folds', () => {
  // Three classes of unequal size; groups of varied sizes, each of one class.
  const y: number[] = [];
  const groups: string[] = [];
  const sizes = [
    [30, 25, 20, 18, 15, 12, 10, 8, 6, 5],
    [40, 22, 20, 12, 9, 7, 5],
    [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
  ];
  sizes.forEach((list, label) =>
    list.forEach((size, g) => {
      for (let i = 0; i < size; i++) {
        y.push(label);
        groups.push(`c${label}g${g}`);
      }
    }),
  );

  it('never splits a group and covers every sample once', () => {
    const folds = stratifiedGroupFolds(y, groups, 5, 7);
    expect(folds.size).toBe(y.length);
    const foldOfGroup = new Map<string, number>();
    groups.forEach((g, i) => {
      const f = folds.get(i)!;
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(5);
      if (foldOfGroup.has(g)) expect(foldOfGroup.get(g)).toBe(f);
      foldOfGroup.set(g, f);
    });
  });

  it('keeps each class spread evenly over the folds', () => {
    const folds = stratifiedGroupFolds(y, groups, 5, 7);
    sizes.forEach((list, label) => {
      const total = list.reduce((a, b) => a + b, 0);
      const perFold = new Array(5).fill(0);
      y.forEach((c, i) => c === label && perFold[folds.get(i)!]++);
      const largestGroup = Math.max(...list);
      // Greedy filling keeps every fold within one largest group of the even share.
      for (const count of perFold) expect(Math.abs(count - total / 5)).toBeLessThanOrEqual(largestGroup);
      expect(perFold.every((c) => c > 0)).toBe(true);
    });
  });

  it('repeats exactly with a seed, and refuses fewer than 2 folds', () => {
    expect([...stratifiedGroupFolds(y, groups, 4, 3)]).toEqual([...stratifiedGroupFolds(y, groups, 4, 3)]);
    expect(() => stratifiedGroupFolds(y, groups, 1, 3)).toThrow(UserError);
    expect(
      minGroupsPerClass(
        y,
        groups,
        y.map((_, i) => i),
      ),
    ).toBe(7);
  });
});

describe('errors per group', () => {
  it('counts misclassified samples per group and lists groups with errors, most first', () => {
    const set = {
      spec: { version: FEATURE_SPEC_VERSION, kind: 'trajectory', point: 8, encoding: 'shape', window: 2, fps: 30 } as const,
      shape: [1],
      labels: ['a', 'b'],
      x: new Float32Array(6),
      y: Int32Array.from([0, 0, 0, 1, 1, 1]),
      groups: ['clip1', 'clip1', 'clip2', 'clip3', 'clip3', 'clip3'],
    };
    expect(groupErrors(set, Int32Array.from([0, 1, 0, 0, 0, 1]))).toEqual([
      { group: 'clip3', label: 'b', samples: 3, errors: 2 },
      { group: 'clip1', label: 'a', samples: 2, errors: 1 },
    ]);
  });
});
