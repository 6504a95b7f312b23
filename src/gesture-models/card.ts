// The model card: everything the daemon needs to use a trained gesture model (labels, the exact
// feature spec, window length, thresholds) and what a person needs to trust it (metrics, data hash).
import { z } from 'zod';
import { featureSpecSchema } from '../features/spec.js';

export const MODEL_CARD_FILE = 'model.json';
export const MODEL_FILE = 'model.onnx';
export const MODEL_CARD_FORMAT = 'gesturegate-gesture-model';

const summarySchema = z.object({
  n: z.number().int(),
  accuracy: z.number(),
  accuracy_ci95: z.tuple([z.number(), z.number()]),
  macro_f1: z.number(),
  warning: z.string().optional(),
});

const accuracySchema = z.object({ name: z.string(), accuracy: z.number(), accuracy_ci95: z.tuple([z.number(), z.number()]) });

export const modelCardSchema = z.object({
  format: z.literal(MODEL_CARD_FORMAT),
  version: z.literal(1),
  kind: z.enum(['pose', 'two-hand', 'temporal']),
  labels: z.array(z.string()).min(2),
  features: featureSpecSchema,
  /** Frames per sample: 1 for poses, the window length for temporal models. */
  window: z.number().int().min(1),
  input: z.object({ name: z.string(), shape: z.array(z.number().int().positive()) }),
  output: z.object({ name: z.string() }),
  thresholds: z.object({
    /** A prediction below this probability counts as no gesture. */
    minScore: z.number().min(0).max(1),
  }),
  metrics: z.object({
    /** Grouped stratified k-fold on the training data, when it was run. */
    crossValidation: summarySchema.extend({ folds: z.number().int(), groupedBy: z.string() }).optional(),
    /**
     * Honest estimates (grouped k-fold; the later recordings held out), each with the baselines on
     * the same rows and the warning when the model is not better than the best of them.
     */
    estimates: z
      .array(
        z.object({
          name: z.string(),
          model: accuracySchema.extend({ n: z.number().int() }),
          baselines: z.array(accuracySchema),
          warning: z.string().optional(),
        }),
      )
      .optional(),
    /** Largest |ONNX − tfjs| over the training data's scores. */
    exportMaxAbsDiff: z.number(),
  }),
  training: z.object({
    /** sha256 of the feature matrix, labels and groups the final model was trained on. */
    dataHash: z.string(),
    source: z.string(),
    samples: z.number().int(),
    classCounts: z.record(z.string(), z.number().int()),
    seed: z.number().int(),
    epochs: z.number().int(),
    durationMs: z.number(),
    backend: z.string(),
    /** The CSV layout, for data read from a landmark CSV (eval rebuilds the baselines from it). */
    layout: z.enum(['hand21-xy', 'trajectory16-xy']).optional(),
    /** CSV data: consecutive rows of one label per fold group. */
    blockSize: z.number().int().positive().optional(),
    /** How the feature spec and the network size were chosen, and every candidate's score. */
    selection: z
      .object({
        features: z.string(),
        size: z.string(),
        hidden: z.number().int(),
        layers: z.number().int(),
        chosenOn: z.string(),
        /** Each candidate's grouped k-fold accuracy, its accuracy on the later part of the rows chosen on, and the score compared. */
        candidates: z.array(
          z.object({
            features: z.string(),
            size: z.string(),
            accuracy: z.number(),
            accuracy_ci95: z.tuple([z.number(), z.number()]),
            later: z.number().optional(),
            score: z.number().optional(),
          }),
        ),
      })
      .optional(),
  }),
  createdAt: z.string(),
});

export type ModelCard = z.infer<typeof modelCardSchema>;
