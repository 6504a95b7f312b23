// Which tracked people get the pose model in a frame when only a few may (people.posesPerFrame),
// against hand-worked turns.
import { describe, expect, it } from 'vitest';
import { extrapolateLandmarks, peopleDue } from '../../src/inference/pose-rotation.js';

describe('people due for a pose', () => {
  it('runs everyone with no budget (0) or a budget as large as the people', () => {
    expect(peopleDue([5, 3, 4], 0)).toEqual([0, 1, 2]);
    expect(peopleDue([5, 3, 4], 3)).toEqual([0, 1, 2]);
    expect(peopleDue([5, 3], 4)).toEqual([0, 1]);
    expect(peopleDue([], 1)).toEqual([]);
  });

  it('takes the people posed longest ago first, ties in list order, returned in list order', () => {
    expect(peopleDue([5, 3, 4], 1)).toEqual([1]);
    expect(peopleDue([5, 3, 4], 2)).toEqual([1, 2]);
    expect(peopleDue([7, 7, 6, 7], 2)).toEqual([0, 2]);
    expect(peopleDue([-Infinity, 2], 1)).toEqual([0]);
  });

  it('alternates two people with one pose a frame, and takes three in turn', () => {
    const turns = (count: number, frames: number): number[] => {
      const last = Array.from({ length: count }, () => 0);
      const out: number[] = [];
      for (let frame = 1; frame <= frames; frame++) {
        const [due] = peopleDue(last, 1);
        last[due!] = frame;
        out.push(due!);
      }
      return out;
    };
    expect(turns(2, 5)).toEqual([0, 1, 0, 1, 0]);
    expect(turns(3, 6)).toEqual([0, 1, 2, 0, 1, 2]);
  });
});

describe('landmarks of a person whose turn it is not', () => {
  const point = (x: number, y: number, z: number, visibility = 0.9) => ({ x, y, z, visibility, presence: 0.8 });

  it('moves each point on at its velocity between the last two poses', () => {
    // Last pose 2 frames after the one before; 1 frame ahead: half the step again.
    const moved = extrapolateLandmarks([point(10, 20, 0), point(50, 50, 4, 0.3)], [point(6, 20, 2), point(50, 40, 0)], 2, 1);
    expect(moved).toEqual([point(12, 20, -1), point(50, 55, 6, 0.3)]);
  });

  it('keeps the last pose when there is no step between the two', () => {
    expect(extrapolateLandmarks([point(10, 20, 0)], [point(0, 0, 0)], 0, 1)).toEqual([point(10, 20, 0)]);
  });
});
