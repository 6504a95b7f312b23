// The status snapshot in Prometheus' text exposition format (served at /metrics).
import type { DaemonStatus } from './status.js';

type Labels = Record<string, string>;

export function prometheusText(status: DaemonStatus): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [Labels, number | null | undefined][]): void => {
    const present = samples.filter((s): s is [Labels, number] => typeof s[1] === 'number' && Number.isFinite(s[1]));
    if (!present.length) return;
    lines.push(`# HELP gesturegate_${name} ${help}`, `# TYPE gesturegate_${name} ${type}`);
    for (const [labels, value] of present) lines.push(`gesturegate_${name}${formatLabels(labels)} ${value}`);
  };
  const { pipeline, source } = status;
  metric('up', 'gauge', 'Whether the daemon is running (1) or stopping (0).', [[{}, status.state === 'running' ? 1 : 0]]);
  metric('uptime_seconds', 'gauge', 'Seconds since start.', [[{}, status.uptimeS]]);
  metric('fps', 'gauge', 'Frames processed per second (recent window).', [[{}, pipeline.fps]]);
  metric('frames_processed_total', 'counter', 'Frames through the whole pipeline.', [[{}, pipeline.framesProcessed]]);
  metric('frames_dropped_total', 'counter', 'Frames skipped because a newer one was waiting.', [[{}, pipeline.framesDropped]]);
  metric('frame_errors_total', 'counter', 'Frames on which a stage failed.', [[{}, pipeline.frameErrors]]);
  metric('detection_rate', 'gauge', 'Fraction of recent frames on which palm detection ran.', [[{}, pipeline.detectionRate]]);
  metric(
    'stage_milliseconds',
    'gauge',
    'Time per pipeline stage over recent frames.',
    Object.entries(pipeline.stages).flatMap(([stage, s]) => [
      [{ stage, stat: 'mean' }, s.meanMs] as [Labels, number],
      [{ stage, stat: 'p95' }, s.p95Ms] as [Labels, number],
    ]),
  );
  metric('source_up', 'gauge', 'Whether the frame source is delivering frames.', [[{ source: source.description }, source.state === 'running' ? 1 : 0]]);
  metric('source_reconnects_total', 'counter', 'Times the source was reopened after a failure.', [[{}, source.reconnects]]);
  metric('hands_in_view', 'gauge', 'Hands tracked in the latest frame.', [[{}, status.hands.length]]);
  metric('gestures_active', 'gauge', 'Gesture occurrences under way.', [[{}, status.active.length]]);
  metric(
    'gesture_events_total',
    'counter',
    'Gesture start and end events since start.',
    Object.entries(status.eventCounts).flatMap(([label, n]) => [
      [{ label, phase: 'start' }, n.start] as [Labels, number],
      [{ label, phase: 'end' }, n.end] as [Labels, number],
    ]),
  );
  const mqtt = status.extensions.mqtt;
  if (mqtt && 'connected' in mqtt) {
    metric('mqtt_connected', 'gauge', 'Whether the MQTT client is connected.', [[{}, mqtt.connected ? 1 : 0]]);
    metric('mqtt_queue_length', 'gauge', 'Events waiting on disk for the broker.', [[{}, mqtt.queued]]);
    metric('mqtt_events_published_total', 'counter', 'Events the broker acknowledged.', [[{}, mqtt.published]]);
  }
  const health = status.extensions.health;
  if (health) {
    metric('cpu_load_percent', 'gauge', 'Whole-machine CPU load.', [[{}, health.cpuLoadPercent]]);
    metric('cpu_temperature_celsius', 'gauge', 'CPU temperature.', [[{}, health.cpuTemperatureC]]);
    metric('memory_used_percent', 'gauge', 'Machine memory in use.', [[{}, health.memoryUsedPercent]]);
    metric('process_cpu_percent', 'gauge', 'CPU used by the daemon (100 = one core).', [[{}, health.processCpuPercent]]);
    metric('process_resident_megabytes', 'gauge', 'Resident memory of the daemon.', [[{}, health.processRssMb]]);
  }
  return lines.join('\n') + '\n';
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
