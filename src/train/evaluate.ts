// Evaluation of a trained model directory on labelled samples, through the exported ONNX graph: the
// same code path the daemon runs.
import { sameFeatureSpec } from '../features/index.js';
import { GestureModel } from '../gesture-models/model.js';
import { UserError } from '../util/errors.js';
import { argmaxRows, classificationMetrics, type Metrics } from './metrics.js';
import { alignLabels, type LabelledSet } from './samples.js';

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
