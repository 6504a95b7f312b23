// `hands in view` (status page, MQTT state) follows the tracker's confirmed tracks, with each hand's
// last sighting while it is held in the count.
import { describe, expect, it } from 'vitest';
import { countedTrackIds, HandsInView } from '../src/daemon/hands-in-view.js';
import type { HandObservation, HandsResult } from '../src/types.js';

const hand = (trackId: number, presence = 0.9): HandObservation => ({
  trackId,
  timestampMs: 0,
  landmarks: [],
  worldLandmarks: [],
  handedness: trackId % 2 ? 'Left' : 'Right',
  handednessScore: 0.9,
  presence,
  detectionScore: 0.9,
  box: { xMin: 0, yMin: 0, width: 10, height: 10 },
  region: { xCenter: 5, yCenter: 5, width: 20, height: 20, rotation: 0 },
});

const result = (hands: HandObservation[], confirmedTrackIds?: number[]): HandsResult => ({
  frameIndex: 0,
  timestampMs: 0,
  imageSize: { width: 100, height: 100 },
  hands,
  people: [],
  confirmedTrackIds,
  detectionRan: false,
  timings: {},
});

describe('hands in view', () => {
  it('counts confirmed tracks only, and all hands from a tracker without confirmation', () => {
    expect(countedTrackIds(result([hand(1), hand(2)], [1]))).toEqual([1]);
    expect(countedTrackIds(result([hand(1), hand(2)]))).toEqual([1, 2]);
  });

  it('keeps a confirmed hand missing from this frame with its last sighting, and forgets it once it no longer counts', () => {
    const view = new HandsInView();
    expect(view.update(result([hand(1, 0.8)], []))).toEqual([]); // first frame: not yet confirmed
    expect(view.update(result([hand(1, 0.7)], [1]))).toEqual([{ trackId: 1, handedness: 'Left', presence: 0.7 }]);
    expect(view.update(result([], [1]))).toEqual([{ trackId: 1, handedness: 'Left', presence: 0.7 }]); // held
    expect(view.update(result([], []))).toEqual([]);
    expect(view.update(result([], [1]))).toEqual([]); // forgotten: nothing to show for it
  });
});
