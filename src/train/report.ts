// The training/evaluation report: report.json with every figure, and report.html with the confusion
// matrix and learning curves drawn as inline SVG (no scripts, opens offline).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochRecord } from './fit.js';
import { pct, type Metrics } from './metrics.js';
import type { GroupErrors } from './workbench.js';
import type { Estimate } from './compare.js';

export interface Report {
  title: string;
  /** What was evaluated, how (e.g. "5-fold cross-validation grouped by source"). */
  method: string;
  metrics: Metrics;
  perFold?: Metrics[];
  /** Cross-validation: the groups with the most errors. */
  worstGroups?: GroupErrors[];
  /** Learning curves: one per fold and/or the final fit. */
  histories?: { name: string; history: EpochRecord[] }[];
  /** The honest estimates, each beside the baselines on the same rows. */
  estimates?: Estimate[];
  /** Anything else worth keeping (model size, timings, card). */
  extra?: Record<string, unknown>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function confusionSvg(metrics: Metrics): string {
  const k = metrics.labels.length;
  const cell = 44;
  const left = 120;
  const top = 110;
  const rowTotals = metrics.confusion.map((row) => row.reduce((a, b) => a + b, 0) || 1);
  const parts: string[] = [];
  metrics.confusion.forEach((row, a) =>
    row.forEach((count, p) => {
      const share = count / rowTotals[a]!;
      const x = left + p * cell;
      const y = top + a * cell;
      const fill = a === p ? `rgba(40,120,200,${0.15 + 0.85 * share})` : `rgba(210,60,40,${count ? 0.15 + 0.85 * share : 0})`;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ccc"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="12">${count}</text>`);
    }),
  );
  metrics.labels.forEach((label, i) => {
    const l = escapeHtml(label);
    parts.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="12">${l}</text>`);
    const cx = left + i * cell + cell / 2;
    parts.push(`<text x="${cx}" y="${top - 6}" font-size="12" transform="rotate(-45 ${cx} ${top - 6})">${l}</text>`);
  });
  parts.push(`<text x="${left + (k * cell) / 2}" y="${top - 62}" text-anchor="middle" font-size="12">predicted</text>`);
  parts.push(`<text x="12" y="${top + (k * cell) / 2}" font-size="12" transform="rotate(-90 12 ${top + (k * cell) / 2})" text-anchor="middle">actual</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + k * cell + 20}" height="${top + k * cell + 10}">${parts.join('')}</svg>`;
}

/** Loss (solid) and validation loss (dashed) per epoch, one colour per curve set. */
export function learningCurvesSvg(histories: { name: string; history: EpochRecord[] }[]): string {
  const width = 560;
  const height = 260;
  const pad = { left: 50, right: 130, top: 14, bottom: 34 };
  const epochs = Math.max(1, ...histories.map((h) => h.history.length));
  const losses = histories.flatMap((h) => h.history.flatMap((r) => [r.loss, r.valLoss ?? r.loss]));
  const maxLoss = Math.max(1e-6, ...losses);
  const x = (epoch: number) => pad.left + ((epoch - 1) / Math.max(1, epochs - 1)) * (width - pad.left - pad.right);
  const y = (loss: number) => pad.top + (1 - loss / maxLoss) * (height - pad.top - pad.bottom);
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const parts: string[] = [
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<text x="${(width - pad.right + pad.left) / 2}" y="${height - 6}" text-anchor="middle" font-size="12">epoch (1–${epochs}); loss: solid train, dashed validation</text>`,
    `<text x="${pad.left - 6}" y="${pad.top + 10}" text-anchor="end" font-size="11">${maxLoss.toFixed(2)}</text>`,
    `<text x="${pad.left - 6}" y="${height - pad.bottom}" text-anchor="end" font-size="11">0</text>`,
  ];
  histories.forEach((h, i) => {
    const colour = colours[i % colours.length]!;
    const line = (pick: (r: EpochRecord) => number | undefined, dash: string) => {
      const points = h.history.filter((r) => pick(r) !== undefined).map((r) => `${x(r.epoch).toFixed(1)},${y(pick(r)!).toFixed(1)}`);
      if (points.length) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.5" ${dash} points="${points.join(' ')}"/>`);
    };
    line((r) => r.loss, '');
    line((r) => r.valLoss, 'stroke-dasharray="4 3"');
    parts.push(`<text x="${width - pad.right + 8}" y="${pad.top + 14 * (i + 1)}" font-size="11" fill="${colour}">${escapeHtml(h.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** Model and baselines per estimate, with the warnings. */
function estimatesHtml(estimates: Estimate[]): string {
  const cell = (m: Metrics) => `${pct(m.accuracy)} [${pct(m.accuracy_ci95[0])} – ${pct(m.accuracy_ci95[1])}]`;
  const names = estimates[0]!.baselines.map((b) => b.name);
  const rows = estimates
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.name)}</td><td>${e.model.metrics.n}</td><td><b>${cell(e.model.metrics)}</b></td>${e.baselines.map((b) => `<td>${cell(b.metrics)}</td>`).join('')}</tr>`,
    )
    .join('');
  const warnings = estimates
    .filter((e) => e.warning)
    .map((e) => `<p class="warn">${escapeHtml(e.warning!)}</p>`)
    .join('');
  return `<h2>Against the baselines</h2><p>Same rows for all; baselines on the coordinates as given.</p><table><tr><th>estimate</th><th>n</th><th>model (${escapeHtml(estimates[0]!.model.name)})</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}</tr>${rows}</table>${warnings}`;
}

export function reportHtml(report: Report): string {
  const m = report.metrics;
  const rows = m.labels
    .map((label) => {
      const c = m.per_class[label]!;
      return `<tr><td>${escapeHtml(label)}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${c.f1.toFixed(3)}</td><td>${c.support}</td></tr>`;
    })
    .join('');
  const folds = report.perFold
    ?.map((f, i) => `<tr><td>${i + 1}</td><td>${f.n}</td><td>${pct(f.accuracy)}</td><td>${pct(f.accuracy_ci95[0])} – ${pct(f.accuracy_ci95[1])}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child{text-align:left}.warn{background:#fff3cd;padding:.6em;border:1px solid #e0c060}</style>
</head><body>
<h1>${escapeHtml(report.title)}</h1>
<p>${escapeHtml(report.method)}</p>
<p><b>Accuracy ${pct(m.accuracy)}</b> (${m.correct} of ${m.n}), 95% interval ${pct(m.accuracy_ci95[0])} – ${pct(m.accuracy_ci95[1])} (Wilson); macro F1 ${m.macro_f1.toFixed(3)}.</p>
${m.warning ? `<p class="warn">${escapeHtml(m.warning)}</p>` : ''}
${report.estimates?.length ? estimatesHtml(report.estimates) : ''}
<h2>Per class</h2>
<table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${rows}</table>
<h2>Confusion matrix</h2>
${confusionSvg(m)}
${report.worstGroups?.length ? `<h2>Groups with the most errors</h2><p>Where to look first: unusual or mislabelled recordings.</p><table><tr><th>group</th><th>label</th><th>errors</th><th>samples</th></tr>${report.worstGroups.map((g) => `<tr><td>${escapeHtml(g.group)}</td><td>${escapeHtml(g.label)}</td><td>${g.errors}</td><td>${g.samples}</td></tr>`).join('')}</table>` : ''}
${folds ? `<h2>Folds</h2><table><tr><th>fold</th><th>n</th><th>accuracy</th><th>95% interval</th></tr>${folds}</table>` : ''}
${report.histories?.length ? `<h2>Learning curves</h2>${learningCurvesSvg(report.histories)}` : ''}
${report.extra ? `<h2>Details</h2><pre>${escapeHtml(JSON.stringify(report.extra, null, 2))}</pre>` : ''}
</body></html>
`;
}

/** Writes DIR/report.json and DIR/report.html; returns their paths. */
export function writeReport(dir: string, report: Report): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(html, reportHtml(report));
  return { json, html };
}
