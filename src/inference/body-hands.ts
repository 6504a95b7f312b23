// Hands and bodies together, as MediaPipe Holistic does for one person and we do for several: hand
// regions worth trying come from the wrists the pose model sees, and each hand found is linked to the
// person whose wrist it is (HandObservation.personId, BodyHand.handTrackId).
import type { Handedness, HandObservation, HandRegion, PersonObservation } from '../types.js';

/** Holistic looks for a hand only where the body's wrist is at least this visible (hand_visibility_from_hand_landmarks_from_pose). */
export const MIN_WRIST_VISIBILITY = 0.1;
/** Regions smaller than this (pixels) hold no hand the landmark model can read. */
const MIN_REGION_SIDE = 8;

export interface BodyHandRegion {
  region: HandRegion;
  /** The wrist's visibility, as the candidate's score. */
  score: number;
  /** Which wrist: person track ID and side, e.g. "3/Right". */
  wrist: string;
}

export function wristKey(personId: number, side: Handedness): string {
  return `${personId}/${side}`;
}

/** Hand regions from every person's visible wrists, most visible first. */
export function bodyHandRegions(people: readonly PersonObservation[]): BodyHandRegion[] {
  return people
    .flatMap((person) => person.hands.map((hand) => ({ person, hand })))
    .filter(({ hand }) => hand.wrist.visibility >= MIN_WRIST_VISIBILITY && hand.region.width >= MIN_REGION_SIDE)
    .map(({ person, hand }) => ({ region: hand.region, score: hand.wrist.visibility, wrist: wristKey(person.trackId, hand.side) }))
    .sort((a, b) => b.score - a.score);
}

/**
 * Links each hand to the body wrist nearest its own wrist (landmark 0), one hand per wrist, nearest
 * pairs first; a pair counts only when the wrists are within half the body hand region's side (about
 * 2.7 palm lengths). Returns copies: hands with personId, people whose BodyHands carry handTrackId.
 */
export function linkHandsToPeople(
  hands: readonly HandObservation[],
  people: readonly PersonObservation[],
): { hands: HandObservation[]; people: PersonObservation[] } {
  const pairs: { hand: number; person: number; side: number; distance: number }[] = [];
  hands.forEach((hand, h) => {
    const wrist = hand.landmarks[0]!;
    people.forEach((person, p) => {
      person.hands.forEach((body, s) => {
        const distance = Math.hypot(wrist.x - body.wrist.x, wrist.y - body.wrist.y);
        if (distance < body.region.width / 2) pairs.push({ hand: h, person: p, side: s, distance });
      });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance);
  const handOwner = new Map<number, number>();
  const wristHand = new Map<string, number>();
  for (const pair of pairs) {
    const wrist = `${pair.person}/${pair.side}`;
    if (handOwner.has(pair.hand) || wristHand.has(wrist)) continue;
    handOwner.set(pair.hand, pair.person);
    wristHand.set(wrist, pair.hand);
  }
  return {
    hands: hands.map((hand, h) => {
      const owner = handOwner.get(h);
      return owner === undefined ? hand : { ...hand, personId: people[owner]!.trackId };
    }),
    people: people.map((person, p) => ({
      ...person,
      hands: person.hands.map((body, s) => {
        const h = wristHand.get(`${p}/${s}`);
        return h === undefined ? body : { ...body, handTrackId: hands[h]!.trackId };
      }),
    })),
  };
}
