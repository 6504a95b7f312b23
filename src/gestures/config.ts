// The `gestures` section of the daemon's config file: one block per built-in gesture (all on by
// default, with the thresholds below) and the trained models to load. Every default is documented
// in docs/gestures.md; `gesturegate config --print` lists them from the descriptions here.
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import type { EventOptions } from './events.js';
import { POSES } from './poses.js';

export const BUILT_IN_GESTURES = ['handshake', 'wave', ...POSES] as const;
export type BuiltInGesture = (typeof BUILT_IN_GESTURES)[number];

type GestureDefaults = EventOptions & { enabled: boolean };

const poseDefaults: GestureDefaults = { enabled: true, enter: 0.7, exit: 0.5, minDurationMs: 300, releaseMs: 250, cooldownMs: 1000 };

/** Shipped defaults, chosen on the evaluations in docs/gestures.md. */
export const gestureDefaults: Record<BuiltInGesture, GestureDefaults> = {
  handshake: { enabled: true, enter: 0.5, exit: 0.3, minDurationMs: 500, releaseMs: 1000, cooldownMs: 2000 },
  wave: { enabled: true, enter: 0.6, exit: 0.4, minDurationMs: 200, releaseMs: 500, cooldownMs: 1500 },
  ...(Object.fromEntries(POSES.map((p) => [p, poseDefaults])) as Record<(typeof POSES)[number], GestureDefaults>),
};

function eventOptionsSchema(d: GestureDefaults, what: string) {
  return z
    .object({
      enabled: z.boolean().default(d.enabled).describe(`Recognise ${what} at all`),
      enter: z.number().min(0).max(1).default(d.enter).describe('Score (0..1) at or above which an occurrence begins'),
      exit: z.number().min(0).max(1).default(d.exit).describe('Score below which it is over (hysteresis: at most enter)'),
      minDurationMs: z.number().int().min(0).max(600_000).default(d.minDurationMs).describe('The score must hold this long before the start event, ms'),
      releaseMs: z.number().int().min(0).max(600_000).default(d.releaseMs).describe('Dips below exit shorter than this do not end it, ms'),
      cooldownMs: z.number().int().min(0).max(600_000).default(d.cooldownMs).describe('After an end, the same hands cannot start it again for this long, ms'),
    })
    .strict()
    .superRefine((o, ctx) => {
      if (o.exit > o.enter) ctx.addIssue({ code: 'custom', message: `exit (${o.exit}) must not be above enter (${o.enter})` });
    })
    .prefault({});
}

const modelEntrySchema = z
  .object({
    path: z.string().min(1).describe('Directory of a model made by `gesturegate train` (model.onnx + model.json)'),
    enabled: z.boolean().default(true).describe('Load and run this model'),
    enter: z.number().min(0).max(1).nullable().default(null).describe("Enter threshold for its labels (null: the card's minScore)"),
    exit: z.number().min(0).max(1).nullable().default(null).describe('Exit threshold (null: 0.8 × enter)'),
    minDurationMs: z.number().int().min(0).max(600_000).default(300).describe('Hold time before a start event, ms'),
    releaseMs: z.number().int().min(0).max(600_000).default(300).describe('Dips shorter than this do not end a gesture, ms'),
    cooldownMs: z.number().int().min(0).max(600_000).default(1000).describe('Quiet time after an end for the same hands, ms'),
  })
  .strict();

const builtInShape = Object.fromEntries(BUILT_IN_GESTURES.map((g) => [g, eventOptionsSchema(gestureDefaults[g], g.replace(/_/g, ' '))])) as {
  [G in BuiltInGesture]: ReturnType<typeof eventOptionsSchema>;
};

export const gesturesSection = z
  .strictObject(
    {
      ...builtInShape,
      models: z.array(modelEntrySchema).default([]).describe('Trained gesture models; their labels become gestures'),
      historyMs: z.number().int().min(500).max(30_000).default(6000).describe('How much of each hand track the recognisers see, ms'),
      poseMinHandPx: z
        .number()
        .min(0)
        .max(4096)
        .default(32)
        .describe(
          'Static poses are judged only on hands at least this large (longer side of the landmark box, px): the hands found from bodies at doorway distance (10-30 px) are too coarse for finger shapes',
        ),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown gesture ${issue.keys.map((k) => `"${k}"`).join(', ')} (built-in: ${BUILT_IN_GESTURES.join(', ')}; trained models go under models)`
          : undefined,
    },
  )
  .prefault({});

export type GesturesConfig = z.output<typeof gesturesSection>;
export type ModelEntry = GesturesConfig['models'][number];

/** Validates a `gestures` section on its own (tests, tools); the daemon validates it within its whole config. */
export function parseGesturesConfig(raw: unknown): GesturesConfig {
  const parsed = gesturesSection.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = ['gestures', ...issue.path.map(String)].join('.');
  throw new UserError(`config ${where}: ${issue.message}`);
}
