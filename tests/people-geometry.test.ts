// Pure parts of the people layer against hand-computed values: pose detector anchors and decoding,
// person regions, hands cut from the body, heatmap refinement, person track IDs.
import { describe, expect, it } from 'vitest';
import { generateAnchors, poseAnchorOptions } from '../src/inference/anchors.js';
import { decodeDetections, type Detection } from '../src/inference/palm-decode.js';
import { weightedNonMaxSuppression } from '../src/inference/nms.js';
import { PersonTracks, type FoundPerson } from '../src/inference/person-tracks.js';
import { decodePoseLandmarks, refineFromHeatmap } from '../src/inference/pose-landmark-model.js';
import { bodyHands, visibleBox } from '../src/inference/pose-landmarker.js';
import { bodyHandRegions, linkHandsToPeople } from '../src/inference/body-hands.js';
import { alignmentPointsRegion, handRegionFromBody, poseDetectionToRegion, poseLandmarksToRegion, recropRegion } from '../src/inference/pose-region.js';
import type { Box, HandObservation, HandRegion, PersonObservation, PoseLandmark } from '../src/types.js';

describe('pose detector anchors', () => {
  const anchors = generateAnchors(poseAnchorOptions(224));

  it('has the 2254 anchors of pose_detection_cpu.pbtxt: 28x28x2, 14x14x2, 7x7x6', () => {
    expect(anchors).toHaveLength(28 * 28 * 2 + 14 * 14 * 2 + 7 * 7 * 6);
    expect(anchors).toHaveLength(2254);
    // Two anchors per cell in the stride-8 layer, centred on the cell.
    expect(anchors[0]).toEqual({ xCenter: 0.5 / 28, yCenter: 0.5 / 28, width: 1, height: 1 });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchors[2]!.xCenter).toBeCloseTo(1.5 / 28, 12);
    // First anchor of the stride-16 layer, then of the three merged stride-32 layers (6 a cell).
    expect(anchors[1568]).toEqual({ xCenter: 0.5 / 14, yCenter: 0.5 / 14, width: 1, height: 1 });
    expect(anchors[1960]).toEqual({ xCenter: 0.5 / 7, yCenter: 0.5 / 7, width: 1, height: 1 });
    expect(anchors[1965]).toEqual(anchors[1960]);
    expect(anchors[1966]!.xCenter).toBeCloseTo(1.5 / 7, 12);
    expect(anchors[2253]).toEqual({ xCenter: 6.5 / 7, yCenter: 6.5 / 7, width: 1, height: 1 });
  });
});

describe('pose detection decoding', () => {
  const anchors = [
    { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1 },
    { xCenter: 0.25, yCenter: 0.75, width: 1, height: 1 },
  ];
  // 12 values an anchor: box (x, y, w, h) then 4 keypoints (x, y), in input pixels (224).
  const regressors = new Float32Array(24);
  regressors.set([22.4, -11.2, 44.8, 67.2, 0, 56, 0, -56, 0, 0, 0, -28], 0);
  regressors.set([0, 0, 22.4, 22.4, 0, 0, 0, 0, 0, 0, 0, 0], 12);

  it('reads four keypoints after the box and keeps only anchors over the threshold', () => {
    const found = decodeDetections(regressors, new Float32Array([2, -3]), anchors, 224, 0.5, 4);
    expect(found).toHaveLength(1);
    const d = found[0]!;
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    // Centre (0.6, 0.45), size 0.2 x 0.3.
    expect(d.box.xMin).toBeCloseTo(0.5, 6);
    expect(d.box.yMin).toBeCloseTo(0.3, 6);
    expect(d.box.width).toBeCloseTo(0.2, 6);
    expect(d.box.height).toBeCloseTo(0.3, 6);
    expect(d.keypoints).toHaveLength(4);
    expect(d.keypoints[0]!.y).toBeCloseTo(0.75, 6);
    expect(d.keypoints[1]!.y).toBeCloseTo(0.25, 6);
    expect(d.keypoints[3]!.y).toBeCloseTo(0.375, 6);
  });

  it('refuses outputs sized for another keypoint count', () => {
    expect(() => decodeDetections(regressors, new Float32Array(2), anchors, 224, 0.5)).toThrow(/7 keypoints/);
  });

  it('keeps every person: separate people survive non-max suppression, overlapping boxes merge', () => {
    const person = (x: number, score: number): Detection => ({
      score,
      box: { xMin: x, yMin: 10, width: 20, height: 20 },
      keypoints: [
        { x: x + 10, y: 100 },
        { x: x + 10, y: 20 },
        { x: x + 10, y: 40 },
        { x: x + 10, y: 0 },
      ],
    });
    const kept = weightedNonMaxSuppression([person(0, 0.9), person(2, 0.6), person(100, 0.8)], 0.3);
    expect(kept).toHaveLength(2);
    expect(kept[0]!.score).toBe(0.9);
    // Score-weighted mean of the two overlapping boxes: (0 * 0.9 + 2 * 0.6) / 1.5 = 0.8.
    expect(kept[0]!.box.xMin).toBeCloseTo(0.8, 9);
    expect(kept[0]!.keypoints[0]!.x).toBeCloseTo(10.8, 9);
    expect(kept[1]!.box.xMin).toBe(100);
  });
});

function expectRegion(actual: HandRegion, expected: HandRegion): void {
  expect(actual.xCenter).toBeCloseTo(expected.xCenter, 6);
  expect(actual.yCenter).toBeCloseTo(expected.yCenter, 6);
  expect(actual.width).toBeCloseTo(expected.width, 6);
  expect(actual.height).toBeCloseTo(expected.height, 6);
  expect(actual.rotation).toBeCloseTo(expected.rotation, 9);
}

describe('person regions', () => {
  it('AlignmentPointsRects: centred on the first point, side twice the distance, second point turned upright', () => {
    expectRegion(alignmentPointsRegion({ x: 100, y: 200 }, { x: 100, y: 120 }), { xCenter: 100, yCenter: 200, width: 160, height: 160, rotation: 0 });
    // Scale point to the right of the centre: a quarter turn.
    expectRegion(alignmentPointsRegion({ x: 100, y: 200 }, { x: 130, y: 200 }), { xCenter: 100, yCenter: 200, width: 60, height: 60, rotation: Math.PI / 2 });
    // Target −90°: a point below the centre counts as upright (hand_recrop's convention).
    expectRegion(alignmentPointsRegion({ x: 0, y: 0 }, { x: 0, y: 10 }, -Math.PI / 2), { xCenter: 0, yCenter: 0, width: 20, height: 20, rotation: 0 });
  });

  it('a pose detection becomes a region around the hips, 1.25x the alignment square', () => {
    const detection: Detection = {
      score: 0.9,
      box: { xMin: 90, yMin: 20, width: 20, height: 20 },
      keypoints: [
        { x: 100, y: 200 },
        { x: 100, y: 100 },
        { x: 100, y: 120 },
        { x: 100, y: 60 },
      ],
    };
    expectRegion(poseDetectionToRegion(detection), { xCenter: 100, yCenter: 200, width: 250, height: 250, rotation: 0 });
    // A person lying along the image's x axis, head to the left.
    expectRegion(poseLandmarksToRegion({ x: 300, y: 50 }, { x: 260, y: 50 }), { xCenter: 300, yCenter: 50, width: 100, height: 100, rotation: -Math.PI / 2 });
  });
});

describe('hand regions from the body', () => {
  it('centres on the estimated middle finger, 2.7x twice its distance to the wrist, shifted toward the fingers', () => {
    // Middle finger = (2 index + pinky) / 3 = (100, 70); 30 px from the wrist: square 60, then 2.7x = 162,
    // shifted by −0.1 of 60 along the hand's own up.
    const upright = handRegionFromBody({ x: 100, y: 100 }, { x: 88, y: 70 }, { x: 106, y: 70 });
    expectRegion(upright, { xCenter: 100, yCenter: 64, width: 162, height: 162, rotation: 0 });
    // Fingers pointing right: a quarter turn, and the shift moves the centre right.
    const sideways = handRegionFromBody({ x: 100, y: 100 }, { x: 130, y: 112 }, { x: 130, y: 94 });
    expectRegion(sideways, { xCenter: 136, yCenter: 100, width: 162, height: 162, rotation: Math.PI / 2 });
  });

  it('hand_recrop points: centre, scale point toward the wrist, nudged toward the fingertips', () => {
    expectRegion(recropRegion({ x: 50, y: 50 }, { x: 50, y: 80 }), { xCenter: 50, yCenter: 44, width: 60, height: 60, rotation: 0 });
  });

  function pose(points: Record<number, [number, number, number?]>): PoseLandmark[] {
    return Array.from({ length: 33 }, (_, i) => {
      const [x, y, visibility] = points[i] ?? [0, 0, 0];
      return { x, y, z: 0, visibility: visibility ?? 1, presence: 1 };
    });
  }

  it("reports each arm's end on the person's own side, with the forearm direction and the hand region", () => {
    const landmarks = pose({
      13: [200, 100],
      15: [200, 140],
      17: [212, 170],
      19: [194, 170], // left arm hanging down
      14: [100, 100],
      16: [130, 60],
      18: [142, 30],
      20: [124, 30], // right forearm up and to the right
    });
    const [left, right] = bodyHands(landmarks);
    expect(left!.side).toBe('Left');
    expect(left!.wrist).toBe(landmarks[15]);
    expect(left!.elbow).toBe(landmarks[13]);
    expect(left!.forearm.x).toBeCloseTo(0, 12);
    expect(left!.forearm.y).toBeCloseTo(1, 12);
    expectRegion(left!.region, handRegionFromBody(landmarks[15]!, landmarks[17]!, landmarks[19]!));
    expect(right!.side).toBe('Right');
    expect(right!.forearm.x).toBeCloseTo(0.6, 12);
    expect(right!.forearm.y).toBeCloseTo(-0.8, 12);
  });

  it("a person's box covers the visible landmarks only", () => {
    const landmarks = pose({ 0: [10, 20, 0.9], 11: [40, 80, 0.6], 31: [500, 500, 0.1] });
    // Invisible points sit at (0, 0) with visibility 0 and are left out too.
    expect(visibleBox(landmarks)).toEqual({ xMin: 10, yMin: 20, width: 30, height: 60 });
  });
});

describe('pose landmark decoding', () => {
  it('projects x, y through the region, z like x with no z normalisation, visibility and presence through a sigmoid', () => {
    // A 256 crop of an upright 512 px region around (300, 200): 2 frame px a crop px, corner at (44, −56).
    const region: HandRegion = { xCenter: 300, yCenter: 200, width: 512, height: 512, rotation: 0 };
    const raw = new Float32Array(39 * 5);
    raw.set([128, 64, 10, 0, Math.log(3)], 0);
    raw.set([32, 224, 0, 0, 0], 33 * 5);
    // A cold heatmap (every cell well under the 0.5 confidence) leaves the points where the tensor puts them.
    const { landmarks, auxiliary } = decodePoseLandmarks(raw, new Float32Array(64 * 64 * 39).fill(-10), region, 256);
    expect(landmarks).toHaveLength(33);
    expect(landmarks[0]!.x).toBeCloseTo(300, 9);
    expect(landmarks[0]!.y).toBeCloseTo(72, 9);
    // MediaPipe's pose graph has no normalize_z: 10 crop px are 20 frame px (the hands' 0.4 would make it 50).
    expect(landmarks[0]!.z).toBeCloseTo(20, 9);
    expect(landmarks[0]!.visibility).toBeCloseTo(0.5, 9);
    expect(landmarks[0]!.presence).toBeCloseTo(0.75, 6);
    expect(auxiliary[0]).toEqual({ x: 108, y: 392, z: 0 });
  });
});

describe('heatmap refinement', () => {
  // 4x4 heatmap, 2 landmarks (NHWC), crop of 16 px: one heatmap cell is 4 px.
  const heatmap = new Float32Array(4 * 4 * 2).fill(-20);
  // Landmark 0: all confidence in cell (row 1, col 2).
  heatmap[(1 * 4 + 2) * 2 + 0] = 20;

  it('moves a landmark to the confidence-weighted cell of its window (cell index / size, as MediaPipe)', () => {
    const raw = new Float32Array([9, 5, 0.5, 7, 3, 9, 5, 0.5, 7, 3]);
    refineFromHeatmap(raw, 5, 2, 16, heatmap, 4, 3, 0.5);
    // Landmark 0 at cell (1, 2): window rows 0-2, cols 1-3; almost all weight at (1, 2) → (8, 4).
    expect(raw[0]).toBeCloseTo(8, 3);
    expect(raw[1]).toBeCloseTo(4, 3);
    // z, visibility, presence untouched; landmark 1's window has no confidence ≥ 0.5: unchanged.
    expect(Array.from(raw.slice(2, 10))).toEqual([0.5, 7, 3, 9, 5, 0.5, 7, 3]);
  });

  it('leaves landmarks outside the crop alone', () => {
    const raw = new Float32Array([-1, 5, 0, 0, 0, 16, 5, 0, 0, 0]);
    refineFromHeatmap(raw, 5, 2, 16, heatmap, 4, 3, 0.5);
    expect(Array.from(raw)).toEqual([-1, 5, 0, 0, 0, 16, 5, 0, 0, 0]);
  });
});

describe('person track IDs', () => {
  const region: HandRegion = { xCenter: 0, yCenter: 0, width: 10, height: 10, rotation: 0 };
  const box = (x: number): Box => ({ xMin: x, yMin: 0, width: 100, height: 200 });
  const face = (x: number): Box => ({ xMin: x + 30, yMin: 0, width: 40, height: 40 });
  function found(tracks: PersonTracks, xs: number[], detected: number[] = []): FoundPerson[] {
    const tracked = tracks
      .candidates()
      .map((candidate, i) => ({ candidate, box: box(xs[i]!), face: face(xs[i]!), nextRegion: { ...region, xCenter: xs[i]! } }));
    const fresh = detected.map((x) => ({
      candidate: { track: undefined, region, detectionScore: 0.9 },
      box: box(x),
      face: face(x),
      nextRegion: { ...region, xCenter: x },
    }));
    return [...tracked, ...fresh];
  }

  it('numbers new people, keeps IDs while tracked, drops a duplicate of a tracked person', () => {
    const tracks = new PersonTracks(0.5);
    const first = tracks.update(found(tracks, [], [0, 300]));
    expect(first.kept.map((k) => k.id)).toEqual([1, 2]);
    expect(tracks.tracked.map((t) => t.region.xCenter)).toEqual([0, 300]);
    // Both tracked; a detection on top of person 1 is a duplicate, one far away is person 3.
    const second = tracks.update(found(tracks, [5, 305], [8, 600]));
    expect(second.kept.map((k) => k.id)).toEqual([1, 2, 3]);
    expect(second.lostTrack).toBe(false);
  });

  it('gives a lost track its ID back when the person reappears where it was, and forgets it after a while', () => {
    const tracks = new PersonTracks(0.5, 2);
    tracks.update(found(tracks, [], [0, 300]));
    // Person 2 is lost (not found this frame).
    const lost = tracks.update(found(tracks, [0]).slice(0, 1));
    expect(lost.lostTrack).toBe(true);
    expect(lost.kept.map((k) => k.id)).toEqual([1]);
    // Re-detected near where it was lost: ID 2 again; a new person elsewhere: ID 3.
    const back = tracks.update(found(tracks, [0], [310, 700]));
    expect(back.kept.map((k) => k.id)).toEqual([1, 2, 3]);
    // Lose 3, wait longer than 2 frames, then it reappears: a new ID.
    tracks.update(found(tracks, [0, 310, 700]).slice(0, 2));
    for (let frame = 0; frame < 3; frame++) tracks.update(found(tracks, [0, 310]));
    const late = tracks.update(found(tracks, [0, 310], [700]));
    expect(late.kept.map((k) => k.id)).toEqual([1, 2, 4]);
  });
});

describe('hands and bodies', () => {
  const region = (x: number, y: number, side: number): HandRegion => ({ xCenter: x, yCenter: y, width: side, height: side, rotation: 0 });
  const point = (x: number, y: number, visibility = 1): PoseLandmark => ({ x, y, z: 0, visibility, presence: 1 });
  function person(trackId: number, left: PoseLandmark, right: PoseLandmark): PersonObservation {
    const hand = (side: 'Left' | 'Right', wrist: PoseLandmark) => ({
      side,
      wrist,
      elbow: point(wrist.x, wrist.y + 50),
      forearm: { x: 0, y: -1 },
      region: region(wrist.x, wrist.y - 20, 80),
    });
    return {
      trackId,
      timestampMs: 0,
      landmarks: [],
      worldLandmarks: [],
      score: 1,
      box: { xMin: 0, yMin: 0, width: 1, height: 1 },
      region: region(0, 0, 1),
      hands: [hand('Left', left), hand('Right', right)],
    };
  }
  function hand(trackId: number, x: number, y: number): HandObservation {
    return {
      trackId,
      timestampMs: 0,
      landmarks: [{ x, y, z: 0 }],
      worldLandmarks: [],
      handedness: 'Right',
      handednessScore: 1,
      presence: 1,
      detectionScore: 1,
      box: { xMin: x, yMin: y, width: 1, height: 1 },
      region: region(x, y, 1),
    };
  }

  it('tries the regions of wrists the body model sees (visibility ≥ 0.1, holistic), most visible first', () => {
    const people = [person(1, point(100, 100, 0.05), point(200, 100, 0.5)), person(2, point(400, 100, 0.9), point(500, 100, 0.1))];
    const regions = bodyHandRegions(people);
    expect(regions.map((r) => r.score)).toEqual([0.9, 0.5, 0.1]);
    expect(regions.map((r) => r.wrist)).toEqual(['2/Left', '1/Right', '2/Right']);
    expect(regions[0]!.region).toBe(people[1]!.hands[0]!.region);
  });

  it('links each hand to the nearest body wrist within half its region, one hand per wrist', () => {
    const people = [person(7, point(100, 100), point(200, 100)), person(9, point(300, 100), point(600, 100))];
    // Hand 1 near person 7's right wrist; hand 2 between 7's right and 9's left but nearer 9's; hand 3
    // a little farther from 7's right wrist than hand 1 (already taken); hand 4 far from everyone.
    const hands = [hand(1, 205, 100), hand(2, 262, 100), hand(3, 190, 110), hand(4, 450, 400)];
    const linked = linkHandsToPeople(hands, people);
    expect(linked.hands.map((h) => h.personId)).toEqual([7, 9, undefined, undefined]);
    expect(linked.people[0]!.hands.map((b) => b.handTrackId)).toEqual([undefined, 1]);
    expect(linked.people[1]!.hands.map((b) => b.handTrackId)).toEqual([2, undefined]);
    // Inputs untouched.
    expect(hands[0]!.personId).toBeUndefined();
  });
});
