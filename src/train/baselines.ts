// The two baselines every report prints beside the trained model, fitted on the same training rows and
// tested on the same rows: 5 nearest neighbours and a small one-hidden-layer MLP, both on the
// coordinates as given (no feature engineering, no standardisation, no early stopping). A model that
// does not beat them has learnt nothing the plainest method would not.
import { defaultFitOptions, fitNetwork, predictScores, type FitOptions } from './fit.js';
import { knnPredict } from './knn.js';
import { argmaxRows } from './metrics.js';
import { sampleSize, type LabelledSet } from './samples.js';
import type { Tf } from './tf.js';

export const KNN_NEIGHBOURS = 5;

/** The MLP baseline: 64 hidden units, Adam at 1e-3, 50 epochs, the last weights. */
export const BASELINE_MLP_FIT: FitOptions = {
  ...defaultFitOptions,
  hidden: 64,
  layers: 1,
  maxEpochs: 50,
  learningRate: 0.001,
  standardise: false,
  validationFraction: 0,
};

export const BASELINE_NAMES = [`${KNN_NEIGHBOURS}-NN`, 'MLP 64'] as const;

/** A set's samples as flat vectors (the baselines ignore any time axis). */
function flat(set: LabelledSet): LabelledSet {
  return { ...set, shape: [sampleSize(set)] };
}

/** Each baseline's predictions for the test samples, trained on the training samples (both as given). */
export function baselinePredictions(tf: Tf, trainRaw: LabelledSet, testRaw: LabelledSet, seed: number): Int32Array[] {
  const trainSet = flat(trainRaw);
  const testSet = flat(testRaw);
  const classes = trainSet.labels.length;
  const knn = knnPredict(trainSet.x, trainSet.y, testSet.x, sampleSize(trainSet), KNN_NEIGHBOURS, classes);
  const all = Array.from(trainSet.y.keys());
  const fitted = fitNetwork(tf, trainSet, all, [], { ...BASELINE_MLP_FIT, seed });
  const mlp = argmaxRows(predictScores(tf, fitted.network, testSet.x), classes);
  fitted.network.model.dispose();
  return [knn, mlp];
}
