// The `inference` section of the daemon's config file (zod v4), with MediaPipe tasks-vision's option
// names where they exist. Every key has a default and a description (config docs are generated from them).
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import { defaultModelDir } from '../util/install-dir.js';
import { HAND_TRACKER_DEFAULTS } from './object-tracker.js';
import { tilesOptionsSchema, zoneOptionsSchema } from './strategies/options.js';

export const EXECUTION_PROVIDERS = ['tensorrt', 'cuda', 'cpu'] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

export const DETECTION_STRATEGIES = ['full', 'tiles', 'zone'] as const;

const unit = z.number().min(0).max(1);

export const POSE_VARIANTS = ['lite', 'full', 'heavy'] as const;

export const peopleOptionsSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Find people (pose detector and pose landmarks) and look for hands where their bodies put them'),
    variant: z
      .enum(POSE_VARIANTS)
      .default('lite')
      .describe("Pose landmark model: lite, full or heavy (MediaPipe's model complexity 0, 1, 2); slower is more accurate"),
    numPeople: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(4)
      .describe("Most people tracked at once (tasks-vision's numPoses); the person detector runs while fewer are tracked"),
    minPersonDetectionConfidence: unit.default(0.5).describe('Person (pose) detection score threshold'),
    minPosePresenceConfidence: unit.default(0.5).describe('Pose presence threshold of the landmark model; below it the person and their track are dropped'),
    minTrackingConfidence: unit
      .default(0.5)
      .describe('Box IoU above which a newly detected person is one already tracked, and two people are one (duplicate suppression)'),
    detectionIntervalFrames: z
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('While some people are tracked and fewer than numPeople, run the person detector every N frames (a lost track triggers it at once)'),
    closerLook: z
      .object({
        minScore: unit
          .default(0.1)
          .describe(
            'While fewer than numPeople are tracked, whole-frame person detections scoring from this up to minPersonDetectionConfidence are searched again in a window zoomed so the head is a fifth of the detector input, and kept if they pass minPersonDetectionConfidence there (1: off, the whole frame only as MediaPipe). The detector expects people nearer than a doorway camera sees them (docs/people.md)',
          ),
        maxLooks: z.number().int().min(0).max(16).default(2).describe('Most closer looks per person detection run, best first (each is one detector run)'),
      })
      .strict()
      .prefault({})
      .describe('A zoomed second look at people the whole-frame search half sees (small or far people)'),
    posesPerFrame: z
      .number()
      .int()
      .min(0)
      .max(32)
      .default(1)
      .describe(
        'Most tracked people the pose model runs on in one video frame, those updated longest ago first (0: every tracked person every frame); for the others, their last pose moved on at the velocity between their last two poses. A newly detected person always gets one',
      ),
    handRecrop: z
      .boolean()
      .default(true)
      .describe("Refine each hand region cut from a body with MediaPipe Holistic's hand_recrop model before the hand landmark model looks there"),
  })
  .strict()
  .prefault({});

/** Tracking and search intervals are frame-scale: a minute is far past any useful value, and bounds Node's timers. */
const MAX_TRACKING_MS = 60_000;

export const inferenceOptionsSchema = z
  .object({
    modelDir: z
      .string()
      .min(1)
      .default(defaultModelDir)
      .describe(
        'Folder with palm_detection_*.onnx and hand_landmark_*.onnx, and for people pose_detection.onnx, pose_landmark_*.onnx and hand_recrop.onnx (from `gesturegate convert`); default: models/onnx of the gesturegate installation, whatever the working directory',
      ),
    variant: z
      .enum(['full', 'lite'])
      .default('full')
      .describe("Model variant for both models: full (MediaPipe's model complexity 1) or lite (complexity 0, faster)"),
    numHands: z.number().int().min(1).max(64).default(4).describe('Most hands tracked at once; palm detection runs while fewer are tracked'),
    minHandDetectionConfidence: unit.default(0.5).describe('Palm detection score threshold'),
    minHandPresenceConfidence: unit.default(0.5).describe('Hand presence threshold of the landmark model; below it the hand and its track are dropped'),
    minTrackingConfidence: unit
      .default(0.5)
      .describe('Box IoU above which a newly detected palm is a hand already tracked, and two hands are one (duplicate suppression)'),
    providers: z
      .array(z.enum(EXECUTION_PROVIDERS))
      .min(1)
      .default(['cpu'])
      .describe('onnxruntime execution providers in order of preference (tensorrt, cuda, cpu); each failure is logged once and the next is tried'),
    threads: z
      .object({
        intraOp: z.number().int().min(0).default(0).describe('Threads inside one operator (0: onnxruntime default, one per core)'),
        interOp: z.number().int().min(0).default(0).describe('Threads across independent operators (0: onnxruntime default)'),
        spinning: z
          .boolean()
          .default(false)
          .describe('Let idle onnxruntime threads spin-wait for work (its default); off measured 4x faster on a 2-core machine shared with other work'),
      })
      .strict()
      .prefault({})
      .describe('onnxruntime thread pools'),
    runtimeModule: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Module to import instead of onnxruntime-node (package name or path of a custom build, e.g. with CUDA/TensorRT); env GESTUREGATE_ONNXRUNTIME overrides',
      ),
    detection: z
      .object({
        strategy: z.enum(DETECTION_STRATEGIES).default('full').describe("Palm search: full = MediaPipe's whole frame letterboxed to the model input"),
        intervalFrames: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe(
            'While some hands are tracked and fewer than numHands, also search for new palms every N frames (0: by time only; 1: every frame, as MediaPipe)',
          ),
        intervalMs: z
          .number()
          .min(0)
          .max(MAX_TRACKING_MS)
          .default(200)
          .describe(
            'While some hands are tracked and fewer than numHands, search for new palms when this long has passed since the last search (0: by frames only); a new hand gets landmarks within about this long',
          ),
        onTrackLost: z
          .boolean()
          .default(true)
          .describe(
            'Search the same frame again when a tracked hand is lost in it (it moved too fast for its region): it is found where it went and keeps its ID',
          ),
        tiles: tilesOptionsSchema.describe('Options of the `tiles` strategy (docs/doorway.md)'),
        zone: zoneOptionsSchema.describe('Options of the `zone` strategy (docs/doorway.md)'),
      })
      .strict()
      .prefault({})
      .describe('How new hands are found'),
    tracking: z
      .object({
        bufferMs: z
          .number()
          .min(0)
          .max(MAX_TRACKING_MS)
          .default(HAND_TRACKER_DEFAULTS.bufferMs)
          .describe('A lost hand found again within this long, near where it was heading, keeps its track ID (ms)'),
        confirmFrames: z
          .number()
          .int()
          .min(1)
          .default(HAND_TRACKER_DEFAULTS.confirmFrames)
          .describe('Frames a hand must be tracked on before it counts in `hands in view` and the MQTT state'),
        dropHoldMs: z
          .number()
          .min(0)
          .max(MAX_TRACKING_MS)
          .default(HAND_TRACKER_DEFAULTS.dropHoldMs)
          .describe('How long a counted hand still counts after it was last seen (ms), so a one-frame miss does not flicker'),
        minOverlap: unit.default(HAND_TRACKER_DEFAULTS.minOverlap).describe("Least IoU of a hand's box with a track's predicted box for them to be one hand"),
        maxKeypointDistance: z
          .number()
          .positive()
          .default(HAND_TRACKER_DEFAULTS.maxKeypointDistance)
          .describe("Most mean landmark distance from a track's predicted landmarks, in hand sizes, for them to be one hand"),
        gateGrowth: z
          .number()
          .min(0)
          .default(HAND_TRACKER_DEFAULTS.gateGrowth)
          .describe(
            'How far from its predicted place a hand may be found and keep its ID: maxKeypointDistance plus this many hand sizes per second since it was last seen',
          ),
        minLowPresence: unit
          .default(HAND_TRACKER_DEFAULTS.lowScore)
          .describe(
            'Least landmark presence that keeps an existing track alive (second chance, not reported as a hand); below minHandPresenceConfidence a hand never starts a track',
          ),
      })
      .strict()
      .prefault({})
      .describe('Hand tracks: IDs through fast motion and short gaps, and the holds behind `hands in view` (docs/pipeline.md)'),
    people: peopleOptionsSchema.describe('People in view: body pose per person, tracked, and hands found from the body (docs/people.md)'),
    smoothing: z
      .object({
        enabled: z.boolean().default(false).describe('One Euro smoothing of reported landmarks per track'),
        minCutoff: z.number().positive().default(1.0).describe('Cutoff at rest, Hz (lower smooths more)'),
        beta: z.number().min(0).default(10).describe('Cutoff increase with speed, per hand size per second (higher lags less)'),
        derivativeCutoff: z.number().positive().default(1.0).describe('Cutoff for the speed estimate, Hz'),
      })
      .strict()
      .prefault({})
      .describe('Landmark smoothing'),
  })
  .strict()
  .prefault({});

/** The config file's shape (before defaults). */
export type InferenceOptionsInput = z.input<typeof inferenceOptionsSchema>;
/** Options with every default filled in. */
export type InferenceOptions = z.output<typeof inferenceOptionsSchema>;
export type PeopleOptions = InferenceOptions['people'];

/** Validates and completes the `inference` options; a bad value is a UserError naming its key. */
export function parseInferenceOptions(input: InferenceOptionsInput): InferenceOptions {
  const parsed = inferenceOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`inference option ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
