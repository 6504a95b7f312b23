// The `inference` section of the daemon's config file (zod v4), with MediaPipe tasks-vision's option
// names where they exist. Every default here is documented in docs/pipeline.md.
import { z } from 'zod';

export const EXECUTION_PROVIDERS = ['tensorrt', 'cuda', 'cpu'] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

export const DETECTION_STRATEGIES = ['full', 'tiles', 'zone'] as const;

export const inferenceOptionsSchema = z
  .object({
    /** Folder holding {palm_detection,hand_landmark}_{full,lite}.onnx and their manifests. */
    modelDir: z.string().min(1).default('models/onnx'),
    /** Model variant for both models: `full` (MediaPipe's model complexity 1) or `lite` (complexity 0). */
    variant: z.enum(['full', 'lite']).default('full'),
    /** Most hands tracked at once; palm detection runs while fewer are tracked. */
    numHands: z.number().int().min(1).max(16).default(4),
    /** Palm detection score threshold. */
    minHandDetectionConfidence: z.number().min(0).max(1).default(0.5),
    /** Hand presence threshold of the landmark model: below it a hand (and its track) is dropped. */
    minHandPresenceConfidence: z.number().min(0).max(1).default(0.5),
    /** IoU above which a new palm region is the same hand as a tracked one (also duplicate suppression). */
    minTrackingConfidence: z.number().min(0).max(1).default(0.5),
    /** Execution providers in order of preference; each one that fails is logged once and skipped. */
    providers: z.array(z.enum(EXECUTION_PROVIDERS)).min(1).default(['cpu']),
    threads: z
      .object({
        /** Threads inside one operator (0: onnxruntime's default, one per core). */
        intraOp: z.number().int().min(0).default(0),
        /** Threads across independent operators (0: default). */
        interOp: z.number().int().min(0).default(0),
      })
      .prefault({}),
    /**
     * Module to import instead of `onnxruntime-node` (a path or package name exporting the same API,
     * e.g. a build with TensorRT/CUDA). Environment variable GESTUREGATE_ONNXRUNTIME overrides it.
     */
    runtimeModule: z.string().min(1).optional(),
    detection: z
      .object({
        /** How palms are searched: `full` is MediaPipe's whole frame letterboxed to the model input. */
        strategy: z.enum(DETECTION_STRATEGIES).default('full'),
        /** Run palm detection at most every N frames while some hands are tracked (1: every frame, as MediaPipe). */
        intervalFrames: z.number().int().min(1).default(1),
      })
      .prefault({}),
    smoothing: z
      .object({
        /** One Euro smoothing of landmark positions per track. */
        enabled: z.boolean().default(false),
        minCutoff: z.number().positive().default(1.0),
        /** Speed coefficient, in hand sizes per second. */
        beta: z.number().min(0).default(10),
        derivativeCutoff: z.number().positive().default(1.0),
      })
      .prefault({}),
  })
  .prefault({});

/** The config file's shape (before defaults). */
export type InferenceOptionsInput = z.input<typeof inferenceOptionsSchema>;
/** Options with every default filled in. */
export type InferenceOptions = z.output<typeof inferenceOptionsSchema>;
