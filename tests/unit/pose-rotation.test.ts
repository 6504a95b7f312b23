// Which tracked people get the pose model in a frame when only a few may (people.posesPerFrame),
// against hand-worked turns.
import { describe, expect, it } from 'vitest';
import { peopleDue } from '../../src/inference/pose-rotation.js';

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
