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
  /**
   * Pose only: the person region MediaPipe cut from its detection on this frame (its
   * pose_rect_from_detection stream, normalised, rotation in radians), absent on frames where it
   * tracked instead of detecting or found nobody.
   */
  roi?: { xCenter: number; yCenter: number; width: number; height: number; rotation: number };
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
  /** The solution's own switch: its models on TFLite's CPU path (XNNPACK in WASM) instead of WebGL. */
  useCpuInference?: boolean;
}

export type PageOptions = HandsPageOptions | PosePageOptions;

/** The solution's global class, and how its results become a PageFrameResult (page-side code). */
const solutionScripts: Record<Solution, { create: string; read: string; extra: string }> = {
  hands: {
    create: 'new Hands(config)',
    extra: '',
    read: `({
      landmarks: toPoints(results.multiHandLandmarks),
      worldLandmarks: toPoints(results.multiHandWorldLandmarks),
      handedness: (results.multiHandedness || []).map((h) => ({ label: h.label, score: h.score })),
    })`,
  },
  pose: {
    create: 'new Pose(config)',
    // The solution publishes landmarks only; its graph also has the region cut from the detection.
    // Its inner solution object (minified 'h' in @mediapipe/pose 0.5.1675469404) takes one more listener.
    extra: `
    const inner = solution.h;
    if (!inner || !inner.h || !Array.isArray(inner.h.listeners)) throw new Error('@mediapipe/pose internals changed: no listener list to add the region to');
    inner.h.listeners.push({ name: 'roi', wants: ['pose_rect_from_detection'], outs: { roi: { type: 'proto', stream: 'pose_rect_from_detection' } } });
    inner.onResults((r) => { latestRoi = r.roi instanceof Uint8Array ? decodeNormalizedRect(r.roi) : null; }, 'roi');`,
    read: `({
      landmarks: toPoints(results.poseLandmarks ? [results.poseLandmarks] : [], true),
      worldLandmarks: toPoints(results.poseWorldLandmarks ? [results.poseWorldLandmarks] : []),
      handedness: [],
      ...(latestRoi ? { roi: latestRoi } : {}),
    })`,
  },
};

export function pageHtml(solution: Solution): string {
  const { create, read, extra } = solutionScripts[solution];
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
let latestRoi = null;

// mediapipe.NormalizedRect: fields 1-5 (x_center, y_center, height, width, rotation) are 32-bit floats.
const decodeNormalizedRect = (bytes) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields = {};
  for (let i = 0; i < bytes.length; ) {
    const tag = bytes[i++];
    const wire = tag & 7;
    if (wire === 5) { fields[tag >> 3] = view.getFloat32(i, true); i += 4; }
    else if (wire === 0) { while (bytes[i++] & 0x80); }
    else throw new Error('unexpected wire type ' + wire + ' in NormalizedRect');
  }
  return { xCenter: fields[1], yCenter: fields[2], height: fields[3], width: fields[4], rotation: fields[5] || 0 };
};

const toPoints = (lists, withVisibility) =>
  (lists || []).map((list) => list.map((p) => (withVisibility ? [p.x, p.y, p.z, p.visibility] : [p.x, p.y, p.z])));
const readResults = (results) => ${read};

window.harness = {
  async start(options) {
    const config = { locateFile: (file) => '/mediapipe/' + file };
    solution = ${create};${extra}
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
    latestRoi = null;
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
