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
  }),
  createdAt: z.string(),
});

export type ModelCard = z.infer<typeof modelCardSchema>;
