// One recogniser per static pose: the pose score of each visible hand in the latest frame.
import type { HandHistory } from './history.js';
import { lastSample } from './history.js';
import type { Pose } from './poses.js';
import type { GestureCandidate, Recogniser } from './types.js';

export function poseRecogniser(pose: Pose): Recogniser {
  return {
    name: pose,
    hands: 'one-hand',
    score(history: HandHistory): GestureCandidate[] {
      return history.visibleTracks().map((track) => ({ hands: track.ids, score: lastSample(track).poses[pose] }));
    },
  };
}
