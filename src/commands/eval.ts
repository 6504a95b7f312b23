// `gesturegate eval --model DIR`: runs a trained model's ONNX graph on labelled data (a landmark CSV
// or a dataset file) and reports accuracy with its 95% interval, per-class figures and the confusion
// matrix. --json prints one JSON object (accuracy, n, per_class, ...) for scripts.
import type { Command } from 'commander';
import { GestureModel } from '../gesture-models/model.js';
import { CSV_LAYOUTS } from '../train/csv.js';
import { evaluateModel } from '../train/evaluate.js';
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
        });
        const metrics = await evaluateModel(model, data.set);
        // The same samples the model was fitted on say nothing about new data: say so.
        const onTrainingData = trainingDataHash(data.set) === model.card.training.dataHash;
        if (onTrainingData) metrics.warning = `these are the samples the model was trained on: the figures say nothing about new data${metrics.warning ? `; ${metrics.warning}` : ''}`;
        if (flags.report) {
          writeReport(flags.report, {
            title: `Evaluation of ${flags.model} on ${data.source}`,
            method: `All ${metrics.n} samples of ${data.source} through the exported ONNX model.`,
            metrics,
          });
        }
        if (flags.json) {
          process.stdout.write(JSON.stringify({ model: flags.model, data: data.source, training_data: onTrainingData, ...metrics }) + '\n');
          return;
        }
        const lines = [`${data.source}: accuracy ${pct(metrics.accuracy)} (${metrics.correct}/${metrics.n}), 95% interval ${pct(metrics.accuracy_ci95[0])}–${pct(metrics.accuracy_ci95[1])}, macro F1 ${metrics.macro_f1.toFixed(3)}`];
        for (const label of metrics.labels) {
          const c = metrics.per_class[label]!;
          lines.push(`  ${label}: precision ${pct(c.precision)} recall ${pct(c.recall)} F1 ${c.f1.toFixed(3)} (n=${c.support})`);
        }
        if (metrics.warning) lines.push(`warning: ${metrics.warning}`);
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.close();
      }
    });
}
