// Scoring of the doorway scenes: which people have a hand found, how many hands are false.
import type { Box, Landmark } from '../../src/types.js';
import { boxOfPoints } from '../../src/inference/region.js';
import { GEAXGX_HANDS, type Scene, type SceneKind } from './scenes.js';

/** A geaxgx hand counts as found when a hand's centre lies this close to it (frame pixels, 128x128 frame). */
export const GEAXGX_MATCH_PX = 8;

export function handCentre(landmarks: readonly Landmark[]): { x: number; y: number } {
  const box = boxOfPoints(landmarks);
  return { x: box.xMin + box.width / 2, y: box.yMin + box.height / 2 };
}

function inside(point: { x: number; y: number }, box: Box): boolean {
  return point.x >= box.xMin && point.x <= box.xMin + box.width && point.y >= box.yMin && point.y <= box.yMin + box.height;
}

export interface SceneScore {
  /** At least one hand inside the person's box (frames with a person). */
  found: boolean;
  /** Hands outside the person's box, or any hand in a frame without people. */
  falseHands: number;
  /** geaxgx only: which of its two hands were found. */
  geaxgxFound?: boolean[];
}

/** Scores one scene from the landmarks of the hands a method reported (presence already above threshold). */
export function scoreScene(scene: Pick<Scene, 'kind' | 'person'>, hands: ReadonlyArray<readonly Landmark[]>): SceneScore {
  const centres = hands.map(handCentre);
  const { person } = scene;
  const within = person ? centres.filter((c) => inside(c, person)).length : 0;
  const score: SceneScore = { found: within > 0, falseHands: centres.length - within };
  if (scene.kind === 'geaxgx') {
    score.geaxgxFound = GEAXGX_HANDS.map((h) => centres.some((c) => Math.hypot(c.x - h.x, c.y - h.y) <= GEAXGX_MATCH_PX));
  }
  return score;
}

export interface Summary {
  /** Per scene kind with people: scenes with a hand found / scenes. */
  found: Partial<Record<SceneKind, { found: number; of: number }>>;
  /** Hands not on a person: in frames without people, and beside the person in frames with one. */
  falseHands: { inBackgrounds: number; besidePeople: number };
  geaxgx: boolean[];
}

export function summarise(scenes: readonly Pick<Scene, 'kind' | 'person'>[], scores: readonly SceneScore[]): Summary {
  const summary: Summary = { found: {}, falseHands: { inBackgrounds: 0, besidePeople: 0 }, geaxgx: [] };
  scenes.forEach((scene, i) => {
    const score = scores[i]!;
    if (scene.kind === 'background') {
      summary.falseHands.inBackgrounds += score.falseHands;
      return;
    }
    summary.falseHands.besidePeople += score.falseHands;
    const entry = (summary.found[scene.kind] ??= { found: 0, of: 0 });
    entry.of++;
    if (score.found) entry.found++;
    if (score.geaxgxFound) summary.geaxgx = score.geaxgxFound;
  });
  return summary;
}
