// The page that runs one of MediaPipe's legacy JS solutions (Hands or Pose) inside Chromium.
// Everything it loads comes from the harness's own server (same origin): the solution's files
// under /mediapipe/, frames under /frames/.

/** Which npm package's solution the page runs: @mediapipe/hands or @mediapipe/pose. */
export type Solution = 'hands' | 'pose';

/** What the page returns for one frame: MediaPipe's raw outputs, landmarks normalised to [0, 1]. */
export interface PageFrameResult {
  /** Milliseconds `send` took in the browser. */
  ms: number;
  /**
   * Per hand or pose (Pose finds at most one), the points normalised as MediaPipe reports them:
   * hands 21 [x, y, z], pose 33 [x, y, z, visibility].
   */
  landmarks: number[][][];
  /** Per hand or pose, the points [x, y, z] in metres. */
  worldLandmarks: number[][][];
  /** Per hand (empty for pose). */
  handedness: Array<{ label: 'Left' | 'Right'; score: number }>;
}

/** Hands options as the JS solution names them. */
export interface HandsPageOptions {
  modelComplexity: 0 | 1;
  maxNumHands: number;
  minDetectionConfidence: number;
  minTrackingConfidence: number;
}

/** Pose options as the JS solution names them. */
export interface PosePageOptions {
  modelComplexity: 0 | 1 | 2;
  smoothLandmarks: boolean;
  minDetectionConfidence: number;
  minTrackingConfidence: number;
}

export type PageOptions = HandsPageOptions | PosePageOptions;

/** The solution's global class, and how its results become a PageFrameResult (page-side code). */
const solutionScripts: Record<Solution, { create: string; read: string }> = {
  hands: {
    create: 'new Hands(config)',
    read: `({
      landmarks: toPoints(results.multiHandLandmarks),
      worldLandmarks: toPoints(results.multiHandWorldLandmarks),
      handedness: (results.multiHandedness || []).map((h) => ({ label: h.label, score: h.score })),
    })`,
  },
  pose: {
    create: 'new Pose(config)',
    read: `({
      landmarks: toPoints(results.poseLandmarks ? [results.poseLandmarks] : [], true),
      worldLandmarks: toPoints(results.poseWorldLandmarks ? [results.poseWorldLandmarks] : []),
      handedness: [],
    })`,
  },
};

export function pageHtml(solution: Solution): string {
  const { create, read } = solutionScripts[solution];
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>mediapipe ${solution} reference</title></head>
<body>
<canvas id="frame"></canvas>
<script src="/mediapipe/${solution}.js"></script>
<script>
'use strict';
const canvas = document.getElementById('frame');
const context = canvas.getContext('2d', { willReadFrequently: false });
let solution = null;
let latest = null;

const toPoints = (lists, withVisibility) =>
  (lists || []).map((list) => list.map((p) => (withVisibility ? [p.x, p.y, p.z, p.visibility] : [p.x, p.y, p.z])));
const readResults = (results) => ${read};

window.harness = {
  async start(options) {
    const config = { locateFile: (file) => '/mediapipe/' + file };
    solution = ${create};
    solution.onResults((results) => { latest = results; });
    solution.setOptions(options);
    await solution.initialize();
  },
  async process(id, width, height) {
    const response = await fetch('/frames/' + id);
    if (!response.ok) throw new Error('frame ' + id + ': HTTP ' + response.status);
    const bytes = new Uint8ClampedArray(await response.arrayBuffer());
    canvas.width = width;
    canvas.height = height;
    context.putImageData(new ImageData(bytes, width, height), 0, 0);
    latest = null;
    const started = performance.now();
    await solution.send({ image: canvas });
    const ms = performance.now() - started;
    if (latest === null) throw new Error('MediaPipe returned no results for frame ' + id);
    return { ms, ...readResults(latest) };
  },
};
</script>
</body></html>
`;
}
