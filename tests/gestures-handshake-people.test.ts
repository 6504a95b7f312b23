// Handshake between PEOPLE (their bodies) on SYNTHETIC scenes (tests/support/body-scenarios.ts), and
// the body rules on hand-computed poses. Each positive scene must give exactly one handshake, naming
// both people, starting within 1 s of first contact; none of the hard negatives may give any.
import { describe, expect, it } from 'vitest';
import { bodyClasp } from '../src/gestures/handshake-people.js';
import { personSample } from '../src/gestures/people-history.js';
import type { GestureEvent, HandsResult } from '../src/types.js';
import {
  CONTACT,
  armWrestling,
  bodyHandshake,
  bodyHighFive,
  hug,
  offeredHand,
  ownHandsClasped,
  punch,
  push,
  talkingWithHands,
  walkingPast,
  type BodyHandshakeOptions,
} from './support/body-scenarios.js';
import { handshake, shippedEngineEvents } from './support/gesture-scenarios.js';
import { bodyLandmarks, personObservation, type BodyPose } from './support/kinematics.js';

const handshakes = (events: GestureEvent[]): GestureEvent[] => events.filter((e) => e.label === 'handshake');
const SEEDS = [1, 2, 3, 4, 5];
const deg = (d: number): number => (d * Math.PI) / 180;

describe('body handshake rules (hand-computed poses)', () => {
  // A faces right, hips at (100, 300), torso 100 px; B faces left, hips at (300, 300), torso 100 px.
  // Both right forearms level (90°), upper arms hanging: A's wrist is at the shoulder line + 0.03 T
  // + 0.55 T = 158 px, 100 − 60 = 40 px above the hips; B's at 300 − 58 = 242 px: 84 px = 0.84 T apart.
  const pose = (x: number, facing: 1 | -1, fore = deg(90), upper = 0): BodyPose => ({
    x,
    y: 300,
    torso: 100,
    facing,
    right: { upper, fore },
    left: { upper: 0, fore: 0 },
  });
  const sample = (p: BodyPose, id: number) => personSample(personObservation(id, 0, bodyLandmarks(p)));
  const clasp = (a: BodyPose, b: BodyPose) => {
    const [sa, sb] = [sample(a, 1), sample(b, 2)];
    return bodyClasp(sa, sa.person.hands[1]!, sb, sb.person.hands[1]!);
  };

  it('level forearms 0.84 T apart: together (0.9 − 0.84) / 0.4 = 0.15, every other cue full', () => {
    const c = clasp(pose(100, 1), pose(300, -1));
    expect(c.together).toBeCloseTo(0.15, 6);
    // Centres 2 T apart; the meeting point (200) halfway; forearms along the axis; height 0.4 T on both.
    expect([c.apart, c.between, c.reachA, c.reachB, c.heightA, c.heightB]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(c.geometry).toBeCloseTo(0.15, 6);
  });

  it('B 50 px closer: wrists 0.34 T apart, a full clasp', () => {
    expect(clasp(pose(100, 1), pose(250, -1)).geometry).toBe(1);
  });

  it('reach: full for a forearm 30° below level, (sin 30° − cos 70°) / (cos 45° − cos 70°) = 0.43 for one 60° below', () => {
    // cos(angle to the axis) = sin(fore): 60° from hanging → 0.866 ≥ cos 45°: full.
    expect(clasp(pose(100, 1, deg(60)), pose(250, -1, deg(60))).reachA).toBe(1);
    // 30° from hanging: sin 30° = 0.5 → (0.5 − 0.342) / (0.707 − 0.342) = 0.433.
    expect(clasp(pose(100, 1, deg(30)), pose(250, -1, deg(30))).reachA).toBeCloseTo((0.5 - Math.cos(deg(70))) / (Math.cos(deg(45)) - Math.cos(deg(70))), 6);
  });

  it('bodies 0.7 T apart (a hug): apart is 0 whatever the arms do', () => {
    expect(clasp(pose(100, 1), pose(170, -1)).apart).toBe(0);
  });

  it('forearms pointing up (a high five): no reach and the meeting point above the chest', () => {
    const c = clasp(pose(100, 1, deg(170), deg(150)), pose(200, -1, deg(170), deg(150)));
    expect(c.reachA).toBe(0);
    // Wrist 1 + 0.6 cos 30° + 0.55 cos 10° = 2.06 T above the hips: beyond highNone (1.1).
    expect(c.heightA).toBe(0);
  });
});

describe('handshake between people (synthetic body scenes)', () => {
  const positives: (Omit<BodyHandshakeOptions, 'seed'> & { name: string })[] = [
    { name: 'no hands seen, pumping 3 Hz', pumpHz: 3, hands: 'none' },
    { name: 'no hands seen, no pumping', pumpHz: 0, hands: 'none' },
    { name: 'no hands seen, pumping 2 Hz', pumpHz: 2, hands: 'none' },
    { name: "one hand hidden (only A's seen)", pumpHz: 3, hands: 'hidden' },
    { name: 'the clasp seen as one merged hand', pumpHz: 3, hands: 'merged' },
    { name: 'both hands seen, large (closer camera)', pumpHz: 3, hands: 'both' },
    { name: 'camera rolled 20°', pumpHz: 3, hands: 'none', tilt: deg(20) },
    { name: 'camera rolled −20°', pumpHz: 0, hands: 'none', tilt: deg(-20) },
    { name: 'A nearer the camera (1.25× and 0.8×)', pumpHz: 3, hands: 'none', depth: 1.25 },
    { name: 'left hands', pumpHz: 3, hands: 'none', side: 'left' },
  ];
  for (const p of positives) {
    it(`${p.name} → one start within 1 s of contact and one end, naming people 1 and 2 (5 seeds)`, async () => {
      for (const seed of SEEDS) {
        const events = handshakes(await shippedEngineEvents(bodyHandshake({ ...p, seed })));
        expect(
          events.map((e) => e.phase),
          `seed ${seed}`,
        ).toEqual(['start', 'end']);
        const [start, end] = events as [GestureEvent, GestureEvent];
        expect(end.id).toBe(start.id);
        expect(start.people).toEqual([1, 2]);
        expect(end.people).toEqual([1, 2]);
        expect(start.frameTimestampMs).toBeGreaterThanOrEqual(CONTACT.fromMs - 500);
        expect(start.frameTimestampMs).toBeLessThanOrEqual(CONTACT.fromMs + 1000);
        // Contact lasts 2.5 s; the reach in and out adds up to 0.4 s on each side.
        expect(end.durationMs).toBeGreaterThan(2000);
        expect(end.durationMs).toBeLessThan(3400);
        if (p.hands === 'both') expect(start.hands).toEqual([11, 12]);
      }
    });
  }

  const negatives: { name: string; frames: (seed: number) => HandsResult[] }[] = [
    { name: 'a hug', frames: hug },
    { name: 'a two-handed push', frames: push },
    { name: 'punches at a guarded face', frames: punch },
    { name: 'one person pointing, nobody else in view', frames: (seed) => offeredHand(false, seed) },
    { name: 'a hand offered and not taken', frames: (seed) => offeredHand(true, seed) },
    { name: 'two people talking with their hands', frames: talkingWithHands },
    { name: 'two people walking past each other', frames: walkingPast },
    { name: 'a high five', frames: bodyHighFive },
    { name: 'arm wrestling', frames: armWrestling },
    { name: "one person's two hands clasped, a bystander", frames: ownHandsClasped },
  ];
  for (const n of negatives) {
    it(`no handshake: ${n.name} (5 seeds)`, async () => {
      for (const seed of SEEDS) expect(handshakes(await shippedEngineEvents(n.frames(seed))), `seed ${seed}`).toEqual([]);
    });
  }
});

describe('hands of people and the hands-only rules', () => {
  it('a hand in the clasp is part of the handshake, not a pose, even when no arm claims it', async () => {
    // Both hands seen, large, but the people layer links neither to an arm (as it often fails to on real clips).
    const frames = bodyHandshake({ seed: 1, pumpHz: 3, hands: 'both' }).map((f) => ({
      ...f,
      people: f.people.map((p) => ({ ...p, hands: p.hands.map(({ handTrackId: _, ...h }) => h) })),
    }));
    const events = await shippedEngineEvents(frames);
    expect(handshakes(events).map((e) => e.phase)).toEqual(['start', 'end']);
    expect(handshakes(events)[0]!.hands).toEqual([11, 12]);
    expect(events.filter((e) => e.label !== 'handshake')).toEqual([]);
  });

  it('a hand the people layer linked to a body in earlier frames is not judged by the hands-only rules', async () => {
    // A clasp of two hands (the synthetic hands-only handshake); hand 1 belongs to person 7 in the first
    // 0.5 s and to nobody after (the link comes and goes on small hands), and no body is in view.
    const frames = handshake({ pumpHz: 3, dropOut: false, seed: 1 }).map((f) => ({
      ...f,
      hands: f.hands.map((h) => (h.trackId === 1 && f.timestampMs < 500 ? { ...h, personId: 7 } : h)),
    }));
    expect(handshakes(await shippedEngineEvents(frames))).toEqual([]);
  });
});
