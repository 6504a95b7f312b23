// Evaluation of a trained model directory on labelled samples, through the exported ONNX graph: the
// same code path the daemon runs; and the baselines refitted on the model's own training data and
// tested on the same samples, so every evaluation says whether the model beats the plain methods.
import { sameFeatureSpec } from '../features/index.js';
import type { ModelCard } from '../gesture-models/card.js';
import { GestureModel } from '../gesture-models/model.js';
import { oneLine, UserError } from '../util/errors.js';
import { baselinePredictions, BASELINE_NAMES } from './baselines.js';
import { asGivenSpec } from './candidates.js';
import { makeEstimate, type Estimate } from './compare.js';
import { loadLabelledData, type LoadedData } from './inputs.js';
import { argmaxRows, classificationMetrics, type Metrics } from './metrics.js';
import { alignLabels, type LabelledSet } from './samples.js';
import { loadTf } from './tf.js';
import { trainingDataHash } from './workbench.js';

export async function evaluateModel(model: GestureModel, set: LabelledSet): Promise<Metrics> {
  if (!sameFeatureSpec(set.spec, model.card.features)) {
    throw new UserError(`the data's features (${JSON.stringify(set.spec)}) differ from the model's (${JSON.stringify(model.card.features)})`);
  }
  const aligned = alignLabels(set, model.labels);
  const scores = await model.scores(aligned.x);
  return classificationMetrics(aligned.y, argmaxRows(scores, model.labels.length), model.labels);
}

export async function evaluateModelDir(dir: string, set: LabelledSet): Promise<Metrics> {
  const model = await GestureModel.load(dir);
  try {
    return await evaluateModel(model, set);
  } finally {
    await model.close();
  }
}

/** The model's training data, rebuilt from the card's source; an error says why it cannot be. */
function trainingData(card: ModelCard): LoadedData {
  const { source, layout, blockSize, dataHash } = card.training;
  let data: LoadedData;
  try {
    data = loadLabelledData({ ...(layout ? { csv: source, layout, ...(blockSize && { blockSize }) } : { dataset: source }), spec: card.features });
  } catch (error) {
    throw new Error(`its training data ${source} cannot be read (${oneLine(error)})`);
  }
  if (trainingDataHash(data.set) !== dataHash) throw new Error(`its training data ${source} has changed since training`);
  return data;
}

/**
 * The model and both baselines on the evaluation samples, the baselines fitted on the model's training
 * data as given; or the reason they cannot be (training data moved or changed).
 */
export async function evaluateAgainstBaselines(model: GestureModel, data: LoadedData, modelMetrics: Metrics): Promise<Estimate | { unavailable: string }> {
  let training: LoadedData;
  try {
    training = trainingData(model.card);
  } catch (error) {
    return { unavailable: `no baselines: ${(error as Error).message}` };
  }
  const spec = asGivenSpec(model.card.features);
  const trainRaw = alignLabels(training.build(spec), model.labels);
  const testRaw = alignLabels(data.build(spec), model.labels);
  const tf = await loadTf();
  const predicted = baselinePredictions(tf, trainRaw, testRaw, model.card.training.seed);
  return makeEstimate(
    `evaluation data (${data.source})`,
    {
      name: model.card.training.selection ? `${model.card.training.selection.features}, ${model.card.training.selection.size}` : 'model',
      metrics: modelMetrics,
    },
    BASELINE_NAMES.map((name, b) => ({ name, metrics: classificationMetrics(testRaw.y, predicted[b]!, model.labels) })),
  );
}
