// `gesturegate eval --model DIR`: runs a trained model's ONNX graph on labelled data (a landmark CSV
// or a dataset file) and reports accuracy with its 95% interval, per-class figures and the confusion
// matrix, beside the two baselines fitted on the model's training data. --json prints one JSON object (accuracy, n, per_class, ...) for scripts.
import type { Command } from 'commander';
import { GestureModel } from '../gesture-models/model.js';
import { CSV_LAYOUTS } from '../train/csv.js';
import { evaluateAgainstBaselines, evaluateModel } from '../train/evaluate.js';
import { estimateLine } from '../train/compare.js';
import { loadLabelledData } from '../train/inputs.js';
import { pct } from '../train/metrics.js';
import { writeReport } from '../train/report.js';
import { logToStderr } from '../util/log.js';
import { trainingDataHash } from '../train/workbench.js';

interface EvalFlags {
  model: string;
  csv?: string;
  layout?: string;
  dataset?: string;
  report?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('Evaluate a trained gesture model on a landmark CSV or a dataset file')
    .requiredOption('--model <dir>', 'model directory from `gesturegate train`')
    .option('--csv <file>', 'landmark CSV (label, then coordinates)')
    .option('--layout <layout>', `layout of the CSV: ${CSV_LAYOUTS.join(', ')}`)
    .option('--dataset <file>', 'dataset file from `gesturegate dataset build`')
    .option('--report <dir>', 'also write report.html and report.json there')
    .option('--json', 'print one JSON object instead of a summary')
    .action(async (flags: EvalFlags) => {
      logToStderr();
      const model = await GestureModel.load(flags.model);
      try {
        const data = loadLabelledData({
          ...(flags.csv !== undefined && { csv: flags.csv }),
          ...(flags.layout !== undefined && { layout: flags.layout }),
          ...(flags.dataset !== undefined && { dataset: flags.dataset }),
          spec: model.card.features,
          // The training run's groups, so the check for its own samples below compares like with like.
          ...(model.card.training.blockSize && { blockSize: model.card.training.blockSize }),
        });
        const metrics = await evaluateModel(model, data.set);
        // The same samples the model was fitted on say nothing about new data: say so.
        const onTrainingData = trainingDataHash(data.set) === model.card.training.dataHash;
        if (onTrainingData)
          metrics.warning = `these are the samples the model was trained on: the figures say nothing about new data${metrics.warning ? `; ${metrics.warning}` : ''}`;
        const versus = await evaluateAgainstBaselines(model, data, metrics);
        const estimate = 'unavailable' in versus ? undefined : versus;
        if (flags.report) {
          writeReport(flags.report, {
            title: `Evaluation of ${flags.model} on ${data.source}`,
            method: `All ${metrics.n} samples of ${data.source} through the exported ONNX model.`,
            metrics,
            ...(estimate && { estimates: [estimate] }),
          });
        }
        if (flags.json) {
          const baselines = estimate
            ? {
                baselines: estimate.baselines.map((b) => ({ name: b.name, accuracy: b.metrics.accuracy, accuracy_ci95: b.metrics.accuracy_ci95 })),
                ...(estimate.warning && { baseline_warning: estimate.warning }),
              }
            : { baselines_unavailable: (versus as { unavailable: string }).unavailable };
          process.stdout.write(JSON.stringify({ model: flags.model, data: data.source, training_data: onTrainingData, ...metrics, ...baselines }) + '\n');
          return;
        }
        const lines = [
          `${data.source}: accuracy ${pct(metrics.accuracy)} (${metrics.correct}/${metrics.n}), 95% interval ${pct(metrics.accuracy_ci95[0])}–${pct(metrics.accuracy_ci95[1])}, macro F1 ${metrics.macro_f1.toFixed(3)}`,
        ];
        for (const label of metrics.labels) {
          const c = metrics.per_class[label]!;
          lines.push(`  ${label}: precision ${pct(c.precision)} recall ${pct(c.recall)} F1 ${c.f1.toFixed(3)} (n=${c.support})`);
        }
        lines.push(estimate ? estimateLine(estimate) : (versus as { unavailable: string }).unavailable);
        if (metrics.warning) lines.push(`warning: ${metrics.warning}`);
        if (estimate?.warning) lines.push(`warning: ${estimate.warning}`);
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.close();
      }
    });
}
