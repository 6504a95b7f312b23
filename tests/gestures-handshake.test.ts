// Handshake recognition on SYNTHETIC scenes (tests/support/kinematics.ts): there is no real footage of
// two people shaking hands yet. Each positive scene must give exactly one handshake start and one end
// with the same ID; none of the hard negatives may give any.
import { describe, expect, it } from 'vitest';
import type { GestureEvent, HandsResult } from '../src/types.js';
import { clapping, doorHandle, handshake, highFive, ownHandsTogether, passingBy, shippedEngineEvents } from './support/gesture-scenarios.js';

const handshakes = (events: GestureEvent[]): GestureEvent[] => events.filter((e) => e.label === 'handshake');

const SEEDS = [1, 2, 3, 4, 5];

describe('handshake (synthetic kinematic scenes)', () => {
  const positives = [
    { name: 'pumping 3 Hz, one hand lost in the clasp', pumpHz: 3, dropOut: true },
    { name: 'pumping 2 Hz, both hands seen', pumpHz: 2, dropOut: false },
    { name: 'pumping 4 Hz, one hand lost', pumpHz: 4, dropOut: true },
    { name: 'no pumping, one hand lost', pumpHz: 0, dropOut: true },
    { name: 'scene tilted 25°, pumping 3 Hz', pumpHz: 3, dropOut: true, tilt: 0.44 },
    { name: 'scene tilted −25°, both seen', pumpHz: 2, dropOut: false, tilt: -0.44 },
    { name: 'A nearer the camera (hands 1.25× and 0.8× the size)', pumpHz: 3, dropOut: true, depth: 1.25 },
  ];
  for (const p of positives) {
    it(`two people meet and shake: ${p.name} → one start and one end (5 seeds)`, async () => {
      for (const seed of SEEDS) {
        const events = handshakes(await shippedEngineEvents(handshake({ ...p, seed })));
        expect(
          events.map((e) => e.phase),
          `seed ${seed}`,
        ).toEqual(['start', 'end']);
        const [start, end] = events as [GestureEvent, GestureEvent];
        expect(end.id).toBe(start.id);
        // The clasp lasts 2.5 s of the scene; hands 1 (A) and 2 (B) are involved.
        expect(end.durationMs).toBeGreaterThan(2000);
        expect(end.durationMs).toBeLessThan(3600);
        expect(end.hands).toEqual(expect.arrayContaining([1, 2]));
        expect(end.peakScore).toBeGreaterThanOrEqual(0.6);
      }
    });
  }

  it('a hand in a handshake is not reported as a fist or other pose meanwhile', async () => {
    const events = await shippedEngineEvents(handshake({ pumpHz: 3, dropOut: true, seed: 1 }));
    expect(events.filter((e) => e.label !== 'handshake')).toEqual([]);
  });

  const negatives: { name: string; frames: (seed: number) => HandsResult[] }[] = [
    { name: 'two people passing each other, hands swinging close', frames: passingBy },
    { name: 'one person clapping', frames: clapping },
    { name: 'a hand on a door handle', frames: doorHandle },
    { name: 'a high five held 0.6 s', frames: highFive },
    { name: "one person's palms pressed together", frames: (seed) => ownHandsTogether('pressed', seed) },
    { name: "one person's fingers interlaced (a left and a right hand)", frames: (seed) => ownHandsTogether('interlaced', seed) },
  ];
  for (const n of negatives) {
    it(`no handshake: ${n.name} (5 seeds)`, async () => {
      for (const seed of SEEDS) expect(handshakes(await shippedEngineEvents(n.frames(seed))), `seed ${seed}`).toEqual([]);
    });
  }
});
