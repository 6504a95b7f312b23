// `gesturegate train`: grouped k-fold cross-validation, then a final model exported to ONNX with its
// model card and report. Human summary on stdout (or one JSON object with --json); logs on stderr.
import type { Command } from 'commander';
import { join } from 'node:path';
import { CSV_LAYOUTS, DEFAULT_BLOCK_SIZE } from '../train/csv.js';
import { DEFAULT_WINDOW } from '../train/dataset/to-set.js';
import { defaultFitOptions, type FitOptions } from '../train/fit.js';
import { numberFlag } from './flags.js';
import { loadLabelledData } from '../train/inputs.js';
import { MODEL_FILE } from '../gesture-models/card.js';
import { MODEL_KINDS } from '../train/models.js';
import { createProgress } from '../train/progress.js';
import { writeReport } from '../train/report.js';
import { classCounts } from '../train/samples.js';
import { trainAndExport } from '../train/workbench.js';
import { FEATURE_CANDIDATE_NAMES, SIZE_CANDIDATES, withSize } from '../train/candidates.js';
import { estimateLine } from '../train/compare.js';
import { fixedSelection, runStudy, selectionLine } from '../train/study.js';
import { logToStderr } from '../util/log.js';
import { UserError } from '../util/errors.js';
import { evaluateModelDir } from '../train/evaluate.js';

interface TrainFlags {
  csv?: string;
  layout?: string;
  dataset?: string;
  kind?: string;
  out: string;
  folds: string;
  blockSize: string;
  window: string;
  features: string;
  size: string;
  seed: string;
  epochs: string;
  patience: string;
  minScore: string;
  json?: boolean;
  progress?: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('Train a gesture model from a landmark CSV or a dataset file, evaluate it by grouped k-fold, export ONNX + model card')
    .option('--csv <file>', 'landmark CSV (label, then coordinates)')
    .option('--layout <layout>', `layout of the CSV: ${CSV_LAYOUTS.join(', ')}`)
    .option('--dataset <file>', 'dataset file from `gesturegate dataset build`')
    .option('--kind <kind>', `model kind for a dataset: ${MODEL_KINDS.join(', ')}`)
    .requiredOption('--out <dir>', 'model directory to write (model.onnx, model.json, report.html, report.json)')
    .option('--folds <k>', 'cross-validation folds (0: skip)', '5')
    .option('--block-size <rows>', 'CSV: consecutive rows of one label per fold group', String(DEFAULT_BLOCK_SIZE))
    .option('--window <frames>', 'temporal: frames per window', String(DEFAULT_WINDOW))
    .option('--features <name>', `feature spec: auto (chosen by grouped cross-validation) or one of ${FEATURE_CANDIDATE_NAMES.join(', ')}`, 'auto')
    .option('--size <name>', `network size: auto (chosen by grouped cross-validation) or one of ${SIZE_CANDIDATES.map((c) => c.name).join(', ')}`, 'auto')
    .option('--seed <n>', 'random seed (the run repeats exactly with the same seed)', String(defaultFitOptions.seed))
    .option('--epochs <n>', 'most epochs per fit', String(defaultFitOptions.maxEpochs))
    .option('--patience <n>', 'early stopping: epochs without a better validation loss', String(defaultFitOptions.patience))
    .option('--min-score <p>', 'model card threshold: predictions below it mean no gesture', '0.5')
    .option('--json', 'print one JSON object instead of a summary')
    .option('--progress', 'draw a progress bar over the folds on stderr even when it is not a terminal')
    .action(async (flags: TrainFlags) => {
      logToStderr();
      const folds = numberFlag('--folds', flags.folds, { integer: true, min: 0 });
      if (folds === 1) throw new UserError('--folds must be 0 (no cross-validation) or at least 2');
      const fit: FitOptions = {
        ...defaultFitOptions,
        seed: numberFlag('--seed', flags.seed, { integer: true, min: 0 }),
        maxEpochs: numberFlag('--epochs', flags.epochs, { integer: true, min: 1 }),
        patience: numberFlag('--patience', flags.patience, { integer: true, min: 1 }),
      };
      const minScore = numberFlag('--min-score', flags.minScore, { min: 0, max: 1 });
      const data = loadLabelledData({
        ...(flags.csv !== undefined && { csv: flags.csv }),
        ...(flags.layout !== undefined && { layout: flags.layout }),
        ...(flags.dataset !== undefined && { dataset: flags.dataset }),
        ...(flags.kind !== undefined && { kind: flags.kind }),
        blockSize: numberFlag('--block-size', flags.blockSize, { integer: true, min: 1 }),
        window: numberFlag('--window', flags.window, { integer: true, min: 5, max: 256 }),
      });
      const chosen = {
        ...(flags.features !== 'auto' && { features: flags.features }),
        ...(flags.size !== 'auto' && { size: flags.size }),
      };
      // Checks the names before any fitting.
      const named = fixedSelection(data.baseSpec, chosen.features, chosen.size);
      const progress = (k: number) => createProgress(k, 'folds', flags.progress);
      const study =
        folds >= 2 ? await runStudy({ build: data.build, baseSpec: data.baseSpec, folds, fit, groupedBy: data.groupedBy, progress, ...chosen }) : undefined;
      const selection = study?.selection ?? named;
      const set = study?.set ?? data.build(selection.features.spec);
      const cv = study?.crossValidation;
      const trained = await trainAndExport({
        set,
        kind: data.kind,
        source: data.source,
        out: flags.out,
        fit: study?.fit ?? withSize(fit, selection.size),
        minScore,
        selection,
        ...(cv && { crossValidation: cv }),
        ...(study && { estimates: study.estimates }),
        ...(data.layout && { layout: data.layout, blockSize: data.blockSize }),
      });
      const counts = classCounts(set.y, set.labels.length);
      const groups = new Set(set.groups).size;
      const report = writeReport(flags.out, {
        title: `gesturegate ${data.kind} model: ${set.labels.join(', ')}`,
        method: cv
          ? `${cv.folds}-fold stratified cross-validation grouped by ${cv.groupedBy} (${groups} groups), out-of-fold predictions pooled; then a final fit on all data.`
          : 'No cross-validation (--folds 0): metrics below are on the training data itself and say nothing about new data.',
        metrics: cv?.metrics ?? (await evaluateModelDir(flags.out, set)),
        ...(study && { estimates: study.estimates }),
        ...(cv && { perFold: cv.perFold, worstGroups: cv.worstGroups }),
        histories: [...(cv?.histories.map((history, i) => ({ name: `fold ${i + 1}`, history })) ?? []), { name: 'final', history: trained.history }],
        extra: {
          card: trained.card,
          modelBytes: trained.modelBytes,
          crossValidationMs: Math.round(cv?.durationMs ?? 0),
          classCounts: Object.fromEntries(set.labels.map((l, i) => [l, counts[i]])),
        },
      });
      const summary = {
        out: flags.out,
        model: join(flags.out, MODEL_FILE),
        report: report.html,
        kind: data.kind,
        labels: set.labels,
        samples: set.y.length,
        groups,
        features: selection.features.name,
        size: selection.size.name,
        selection: trained.card.training.selection,
        ...(study && { estimates: trained.card.metrics.estimates, ...(study.noHoldout && { no_holdout: study.noHoldout }) }),
        ...(cv && {
          cross_validation: {
            folds: cv.folds,
            accuracy: cv.metrics.accuracy,
            accuracy_ci95: cv.metrics.accuracy_ci95,
            macro_f1: cv.metrics.macro_f1,
            worst_groups: cv.worstGroups,
            ...(cv.metrics.warning && { warning: cv.metrics.warning }),
          },
        }),
        model_bytes: trained.modelBytes,
        training_ms: trained.card.training.durationMs,
        cross_validation_ms: Math.round(cv?.durationMs ?? 0),
        export_max_abs_diff: trained.card.metrics.exportMaxAbsDiff,
      };
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
        return;
      }
      const lines = [`trained ${data.kind} model on ${summary.samples} samples (${summary.groups} groups) of ${set.labels.join(', ')}`];
      lines.push(selectionLine(selection));
      if (study && cv) {
        // The first estimate is the chosen model's cross-validation, beside the baselines.
        for (const e of study.estimates) lines.push(estimateLine(e));
        if (study.noHoldout) lines.push(`no later-recordings estimate: ${study.noHoldout}`);
        lines.push(`cross-validation by ${cv.groupedBy}: macro F1 ${cv.metrics.macro_f1.toFixed(3)}`);
        if (cv.worstGroups.length) lines.push(`most errors in: ${cv.worstGroups.map((g) => `${g.group} (${g.errors}/${g.samples})`).join(', ')}`);
        if (cv.metrics.warning) lines.push(`warning: ${cv.metrics.warning}`);
        for (const e of study.estimates) if (e.warning) lines.push(`warning: ${e.warning}`);
      }
      lines.push(`model ${summary.model} (${summary.model_bytes} bytes), ONNX vs tfjs max |diff| ${summary.export_max_abs_diff.toExponential(1)}`);
      lines.push(`report ${summary.report}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
