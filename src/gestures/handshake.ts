// The handshake recogniser the engine runs: between people in view from their bodies
// (handshake-people.ts), and from two hands alone (handshake-hands.ts) for hands that belong to no
// person (the people layer off, or people it has not found).
import { handPairCandidates, onBody } from './handshake-hands.js';
import { personPairCandidates } from './handshake-people.js';
import type { Recogniser } from './types.js';

export const handshakeRecogniser: Recogniser = {
  name: 'handshake',
  hands: 'two-people',
  score(history, nowMs, people) {
    const byBody = personPairCandidates(people, history, nowMs);
    const taken = new Set(byBody.flatMap((c) => c.hands));
    // A hand on a body is the body rules' to judge: with one hand on a known person and the other on
    // nobody, two people cannot be told from one person's two hands.
    const byHands = handPairCandidates(history, nowMs, (a, b) => !onBody(a) && !onBody(b)).filter((c) => !c.hands.some((h) => taken.has(h)));
    return [...byBody, ...byHands];
  },
};
