// A trained gesture model loaded by path: the ONNX graph on onnxruntime-node plus its card. The gesture
// layer and the daemon call classify() with hands; tests and evaluation call scores() with features.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { computeFeatures, FEATURE_SPEC_VERSION, featureSize, type FeatureInput } from '../features/index.js';
import { UserError, oneLine } from '../util/errors.js';
import { MODEL_CARD_FILE, MODEL_FILE, modelCardSchema, type ModelCard } from './card.js';

export interface GesturePrediction {
  /** The most likely label, or undefined when its score is below the card's minScore. */
  label: string | undefined;
  score: number;
  /** Probability per label, in card.labels order. */
  scores: Record<string, number>;
}

export class GestureModel {
  private constructor(
    readonly card: ModelCard,
    private readonly session: ort.InferenceSession,
  ) {}

  /** Loads model.onnx and model.json from a model directory, with one-line errors for anything wrong. */
  static async load(dir: string): Promise<GestureModel> {
    const card = readCard(dir);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(readFileSync(join(dir, MODEL_FILE)));
    } catch (error) {
      throw new UserError(`cannot load gesture model ${join(dir, MODEL_FILE)}: ${oneLine(error)}`);
    }
    return new GestureModel(card, session);
  }

  get labels(): string[] {
    return this.card.labels;
  }

  /** Probabilities [n, labels] for n feature samples laid out row-major. */
  async scores(features: Float32Array): Promise<Float32Array> {
    const size = featureSize(this.card.features);
    if (features.length % size !== 0) throw new UserError(`features of ${features.length} values are not a whole number of ${size}-value samples`);
    const input = new ort.Tensor('float32', features, [features.length / size, ...this.card.input.shape]);
    const result = await this.session.run({ [this.card.input.name]: input });
    return result[this.card.output.name]!.data as Float32Array;
  }

  /** Computes the model's features from hands (or a window of them) and classifies them. */
  async classify(input: FeatureInput): Promise<GesturePrediction> {
    const probabilities = await this.scores(computeFeatures(this.card.features, input));
    let best = 0;
    probabilities.forEach((p, i) => (best = p > probabilities[best]! ? i : best));
    const score = probabilities[best]!;
    return {
      label: score >= this.card.thresholds.minScore ? this.labels[best] : undefined,
      score,
      scores: Object.fromEntries(this.labels.map((l, i) => [l, probabilities[i]!])),
    };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

export function readCard(dir: string): ModelCard {
  const path = join(dir, MODEL_CARD_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read model card ${path}: ${code === 'ENOENT' ? 'no such file (is this a model directory made by gesturegate train?)' : oneLine(error)}`,
    );
  }
  const version = (raw as { features?: { version?: unknown } } | null)?.features?.version;
  if (typeof version === 'number' && version !== FEATURE_SPEC_VERSION) {
    throw new UserError(
      `model ${dir} was trained on feature spec version ${version}; this gesturegate computes version ${FEATURE_SPEC_VERSION}: train it again`,
    );
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`model card ${path} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
