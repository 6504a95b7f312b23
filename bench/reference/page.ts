// The page that runs MediaPipe's JS Hands solution inside Chromium. Everything it loads comes from
// the harness's own server (same origin): the solution's files under /mediapipe/, frames under /frames/.

/** What the page returns for one frame: MediaPipe's raw outputs, landmarks normalised to [0, 1]. */
export interface PageFrameResult {
  /** Milliseconds `hands.send` took in the browser. */
  ms: number;
  /** Per hand, 21 [x, y, z] normalised as MediaPipe reports them. */
  landmarks: number[][][];
  /** Per hand, 21 [x, y, z] in metres. */
  worldLandmarks: number[][][];
  handedness: Array<{ label: 'Left' | 'Right'; score: number }>;
}

/** Options as the JS solution names them. */
export interface PageOptions {
  modelComplexity: 0 | 1;
  maxNumHands: number;
  minDetectionConfidence: number;
  minTrackingConfidence: number;
}

export const pageHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>mediapipe hands reference</title></head>
<body>
<canvas id="frame"></canvas>
<script src="/mediapipe/hands.js"></script>
<script>
'use strict';
const canvas = document.getElementById('frame');
const context = canvas.getContext('2d', { willReadFrequently: false });
let hands = null;
let latest = null;

const toTriples = (lists) => (lists || []).map((list) => list.map((p) => [p.x, p.y, p.z]));

window.harness = {
  async start(options) {
    hands = new Hands({ locateFile: (file) => '/mediapipe/' + file });
    hands.onResults((results) => { latest = results; });
    hands.setOptions(options);
    await hands.initialize();
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
    await hands.send({ image: canvas });
    const ms = performance.now() - started;
    if (latest === null) throw new Error('MediaPipe returned no results for frame ' + id);
    return {
      ms,
      landmarks: toTriples(latest.multiHandLandmarks),
      worldLandmarks: toTriples(latest.multiHandWorldLandmarks),
      handedness: (latest.multiHandedness || []).map((h) => ({ label: h.label, score: h.score })),
    };
  },
};
</script>
</body></html>
`;
