// One recogniser per static pose: the pose score of each visible hand in the latest frame, for hands
// large enough to show their fingers (gestures.poseMinHandPx).
import type { HandHistory } from './history.js';
import { lastSample } from './history.js';
import type { Pose } from './poses.js';
import type { GestureCandidate, Recogniser } from './types.js';

export function poseRecogniser(pose: Pose, minHandPx: number): Recogniser {
  return {
    name: pose,
    hands: 'one-hand',
    score(history: HandHistory): GestureCandidate[] {
      return history
        .visibleTracks()
        .map((track) => ({ track, last: lastSample(track) }))
        .filter(({ last }) => Math.max(last.observation.box.width, last.observation.box.height) >= minHandPx)
        .map(({ track, last }) => ({ hands: track.ids, score: last.poses[pose] }));
    },
  };
}
