// The status page: one HTML file, one stylesheet, one script, all served from here (no CDNs).
// It works on a phone: one column on narrow screens, the live view first.
import { LABEL_PATTERN } from '../../../capture/clip-writer.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function pageHtml(deviceName: string): string {
  const name = escapeHtml(deviceName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · gesturegate</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<header>
  <h1>${name}</h1>
  <span id="state" class="pill">connecting…</span>
  <span id="mqtt" class="pill">MQTT ?</span>
</header>
<main>
  <section class="view">
    <img id="live" alt="annotated live view" src="live.mjpg">
    <p id="live-off" hidden>The live view is switched off (status.liveView).</p>
    <div id="active" class="active"></div>
  </section>
  <section class="card"><h2>Pipeline</h2>
    <dl>
      <dt>FPS</dt><dd id="fps">–</dd>
      <dt>Latency (glass → done)</dt><dd id="latency">–</dd>
      <dt>Frames processed</dt><dd id="processed">–</dd>
      <dt>Frames dropped</dt><dd id="dropped">–</dd>
      <dt>Palm detection ran on</dt><dd id="detection">–</dd>
      <dt>Hands in view</dt><dd id="hands">–</dd>
    </dl>
    <table id="stages"><thead><tr><th>stage</th><th>mean ms</th><th>p95 ms</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="card"><h2>Models</h2><dl id="models"></dl></section>
  <section class="card"><h2>Source</h2><dl id="source"></dl></section>
  <section class="card"><h2>Device</h2><dl id="health"></dl></section>
  <section class="card"><h2>MQTT</h2><dl id="mqtt-detail"></dl></section>
  <section class="card"><h2>Last events</h2><ol id="events"></ol></section>
  <section class="card"><h2>Record a clip</h2>
    <form id="record">
      <label>Label <input name="label" required pattern="${LABEL_PATTERN}" placeholder="wave"></label>
      <label>Seconds <input name="seconds" type="number" min="1" max="60" value="3"></label>
      <button type="submit">Record</button>
    </form>
    <p id="record-state" class="record-state"></p>
  </section>
</main>
<script src="app.js"></script>
</body>
</html>
`;
}

export const pageStyle = `
:root { color-scheme: light dark; --bg: #111; --fg: #eee; --card: #1c1c1c; --ok: #2e7d32; --bad: #c62828; --warn: #ef6c00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; padding: .6rem 1rem; background: #000; }
h1 { font-size: 1.1rem; margin: 0 auto 0 0; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
.pill { padding: .15rem .6rem; border-radius: 1rem; background: #444; font-size: .85rem; }
.pill.ok { background: var(--ok); } .pill.bad { background: var(--bad); } .pill.warn { background: var(--warn); }
main { display: grid; gap: .8rem; padding: .8rem; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
.view { grid-column: 1 / -1; position: relative; }
#live { display: block; width: 100%; max-height: 70vh; object-fit: contain; background: #000; border-radius: .4rem; min-height: 120px; }
.active { display: flex; gap: .4rem; flex-wrap: wrap; margin-top: .4rem; }
.active span { background: var(--ok); padding: .2rem .7rem; border-radius: 1rem; font-weight: 600; }
.card { background: var(--card); padding: .8rem; border-radius: .4rem; overflow-x: auto; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .2rem .8rem; margin: 0; }
dt { opacity: .7; } dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-word; }
table { width: 100%; border-collapse: collapse; margin-top: .5rem; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: .1rem .3rem; } th:first-child, td:first-child { text-align: left; }
ol { margin: 0; padding-left: 1.2rem; max-height: 16rem; overflow-y: auto; }
form { display: flex; gap: .5rem; flex-wrap: wrap; align-items: end; }
input { width: 7rem; padding: .3rem; }
button { padding: .4rem 1rem; }
.record-state { font-size: 1.4rem; font-weight: 700; min-height: 1.6rem; margin: .5rem 0 0; }
`;

export const appScript = `
'use strict';
const $ = (id) => document.getElementById(id);
const fmt = (v, unit = '') => (v === null || v === undefined || Number.isNaN(v) ? '–' : v + unit);

function fill(dl, rows) {
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v;
    dl.append(dt, dd);
  }
}

function pill(el, text, kind) { el.textContent = text; el.className = 'pill ' + (kind || ''); }

function eventLine(e) {
  const li = document.createElement('li');
  const time = new Date(e.timestamp).toLocaleTimeString();
  const extra = e.phase === 'end' && e.durationMs !== undefined ? ' ' + Math.round(e.durationMs) + ' ms' : '';
  li.textContent = time + ' ' + e.label + ' ' + e.phase + ' (' + Math.round(e.peakScore * 100) + '%, hands ' + e.hands.join(',') + ')' + extra;
  li.className = 'event';
  return li;
}

function render(s) {
  const healthy = s.state === 'running' && s.source.state === 'running';
  pill($('state'), healthy ? 'running' : 'daemon ' + s.state + ' · camera ' + s.source.state, healthy ? 'ok' : 'warn');
  const p = s.pipeline;
  $('fps').textContent = fmt(p.fps);
  $('latency').textContent = p.stages.total ? p.stages.total.meanMs + ' ms (p95 ' + p.stages.total.p95Ms + ')' : '–';
  $('processed').textContent = fmt(p.framesProcessed);
  $('dropped').textContent = fmt(p.framesDropped);
  $('detection').textContent = Math.round(p.detectionRate * 100) + '% of frames';
  $('hands').textContent = s.hands.length ? s.hands.map((h) => '#' + h.trackId + ' ' + h.handedness).join(', ') : 'none';
  const body = $('stages').tBodies[0]; body.replaceChildren();
  for (const [stage, t] of Object.entries(p.stages)) {
    const tr = document.createElement('tr');
    for (const v of [stage, t.meanMs, t.p95Ms]) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
    body.append(tr);
  }
  const m = s.models || {};
  const describe = (v) => Array.isArray(v) ? v.join(', ')
    : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => k + ': ' + x).join(', ') : String(v);
  fill($('models'), Object.entries(m).map(([k, v]) => [k, describe(v)]));
  fill($('source'), [['source', s.source.description], ['state', s.source.state], ['frames read', s.source.framesRead],
    ['reconnects', s.source.reconnects], ['last error', s.source.lastError || 'none']]);
  const h = s.extensions.health;
  fill($('health'), h ? [['CPU load', fmt(h.cpuLoadPercent, '%')], ['CPU temperature', fmt(h.cpuTemperatureC, ' °C')],
    ['memory used', fmt(h.memoryUsedPercent, '%')], ['daemon CPU', fmt(h.processCpuPercent, '% of a core')],
    ['daemon memory', fmt(h.processRssMb, ' MB')], ['event loop p99', fmt(h.eventLoopDelayP99Ms, ' ms')],
    ...h.gpus.map((g) => ['GPU ' + g.model, fmt(g.utilizationPercent, '%') + ', ' + fmt(g.temperatureC, ' °C')])] : [['health', 'reading…']]);
  const q = s.extensions.mqtt;
  if (q && 'connected' in q) {
    pill($('mqtt'), q.connected ? 'MQTT connected' : q.down ? 'MQTT down since ' + new Date(q.downSince).toLocaleString() : 'MQTT offline', q.connected ? 'ok' : 'bad');
    fill($('mqtt-detail'), [['broker', q.url + (q.embeddedBroker ? ' (embedded)' : '')], ['connected', q.connected ? 'yes' : 'no'],
      ['events queued', q.queued], ['events published', q.published], ['last error', q.lastError || 'none']]);
  } else { pill($('mqtt'), 'MQTT off'); fill($('mqtt-detail'), [['MQTT', 'disabled']]); }
  const active = $('active'); active.replaceChildren();
  for (const g of s.active) { const span = document.createElement('span'); span.textContent = g.label + ' ' + Math.round(g.score * 100) + '%'; active.append(span); }
  if (!s.liveView.enabled) { $('live').hidden = true; $('live-off').hidden = false; }
  if (!$('events').children.length && s.recentEvents.length) for (const e of s.recentEvents) $('events').append(eventLine(e));
}

function showRecord(r) {
  const el = $('record-state');
  if (r.phase === 'countdown') el.textContent = 'Recording "' + r.label + '" in ' + r.remainingS + '…';
  else if (r.phase === 'recording') el.textContent = '● REC "' + r.label + '" ' + r.remainingS + ' s left (' + r.frames + ' frames)';
  else el.textContent = r.error ? r.error : r.last ? 'Saved ' + r.last.frames + ' frames to ' + r.last.path : '';
}

const events = new EventSource('api/events');
events.addEventListener('status', (m) => render(JSON.parse(m.data)));
events.addEventListener('gesture', (m) => {
  const list = $('events');
  list.prepend(eventLine(JSON.parse(m.data)));
  while (list.children.length > 20) list.lastChild.remove();
});
events.addEventListener('record', (m) => showRecord(JSON.parse(m.data)));
events.onerror = () => pill($('state'), 'disconnected', 'bad');

$('live').addEventListener('error', () => setTimeout(() => { $('live').src = 'live.mjpg?' + Date.now(); }, 2000));

$('record').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  const res = await fetch('api/record', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ label: form.get('label'), seconds: Number(form.get('seconds')) }) });
  const body = await res.json();
  if (!res.ok) $('record-state').textContent = body.error; else showRecord(body);
});
`;
