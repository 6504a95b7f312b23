// `gesturegate run`: the daemon. Captures, recognises and publishes until SIGTERM, SIGINT or SIGHUP
// (or a file ends); each stops it cleanly (end events, `offline`).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { findConfigFile, loadConfig, mergeConfig, type ConfigOverrides } from '../config/load.js';
import { createDaemon } from '../daemon/daemon.js';
import type { ExtensionFactory } from '../daemon/extension.js';
import { createSystemdExtension } from '../daemon/extensions/systemd.js';
import { UserError, oneLine } from '../util/errors.js';
import { createLogger, setLogLevel } from '../util/log.js';
import { numberFlag } from './flags.js';

/** How long a stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 2000;

export interface RunFlags {
  config?: string;
  source?: string;
  loop?: boolean;
  fps?: string;
  mqttUrl?: string;
  mqtt?: boolean;
  device?: string;
  statusHost?: string;
  statusPort?: string;
  liveView?: boolean;
  stateDir?: string;
  demoSource?: string;
}

/** CLI flags as config overrides (flags win over the file). */
export function runFlagsToOverrides(flags: RunFlags): ConfigOverrides {
  // Ranges are the schema's to check (naming the key); a flag that is no number at all is named here.
  const num = (flag: string, v: string | undefined): number | undefined => (v === undefined ? undefined : numberFlag(flag, v));
  const prune = (o: Record<string, unknown>): Record<string, unknown> | undefined => {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    return Object.keys(kept).length ? kept : undefined;
  };
  return Object.fromEntries(
    Object.entries({
      source: prune({ uri: flags.source, loop: flags.loop, fps: num('--fps', flags.fps) }),
      mqtt: prune({ url: flags.mqttUrl, enabled: flags.mqtt === false ? false : undefined }),
      device: prune({ id: flags.device, stateDir: flags.stateDir }),
      status: prune({ host: flags.statusHost, port: num('--status-port', flags.statusPort), liveView: flags.liveView === false ? false : undefined }),
    }).filter(([, v]) => v !== undefined),
  );
}

export function addConfigFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (default: ./gesturegate.yaml, then /etc/gesturegate/config.yaml)')
    .option('-s, --source <uri>', 'camera index, /dev/videoN, video file, rtsp:// URL or GStreamer pipeline (source.uri)')
    .option('--loop', 'loop a video file (source.loop)')
    .option('--fps <n>', 'camera frame rate, or playback rate of a file (source.fps)')
    .option('--mqtt-url <url>', 'broker URL (mqtt.url); without one an embedded broker runs on 127.0.0.1')
    .option('--no-mqtt', 'do not publish to MQTT (mqtt.enabled: false)')
    .option('--device <id>', 'device ID in topics (device.id)')
    .option('--state-dir <dir>', 'state directory for the offline event queue (device.stateDir)')
    .option('--status-host <addr>', 'status page listen address (status.host)')
    .option('--status-port <port>', 'status page port (status.port)')
    .option('--no-live-view', 'switch the live view off (status.liveView: false)')
    .option('--demo-source <file>', 'clip to play (looping) when there is neither a config file nor --source');
}

/** With --demo-source and neither a config file nor --source: that clip, looping. */
function demoOverrides(flags: RunFlags): ConfigOverrides {
  const overrides = runFlagsToOverrides(flags);
  if (!flags.demoSource || flags.source || findConfigFile(flags.config)) return overrides;
  if (!existsSync(flags.demoSource)) {
    throw new UserError(
      `no config file (gesturegate.yaml or /etc/gesturegate/config.yaml) and the demo clip ${flags.demoSource} is absent: pass --source (camera index, file or URL) or write a config (see config.example.yaml)`,
    );
  }
  process.stderr.write(`gesturegate: no config file; demo on ${flags.demoSource} (looping) with an embedded MQTT broker\n`);
  return mergeConfig(overrides, { source: { uri: flags.demoSource, loop: true } }) as ConfigOverrides;
}

/** Runs the daemon until a signal or the end of a file; extra extensions are appended (e.g. systemd). */
export async function runDaemon(flags: RunFlags, extra: ExtensionFactory[] = []): Promise<void> {
  const { config, path } = loadConfig(flags.config, demoOverrides(flags));
  setLogLevel(config.log.level);
  const log = createLogger('run');
  log.info('config', { file: path ?? '(defaults)' });
  const daemon = await createDaemon(config, extra);
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info('signal', { signal });
    const deadline = setTimeout(() => {
      log.error('stop took too long; exiting', { deadlineMs: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    void daemon.stop(signal);
  };
  // SIGHUP too (a closed terminal, `kill -HUP`): its default would end us without end events or `offline`.
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const signal of signals) process.once(signal, onSignal);
  try {
    await daemon.start();
    const reason = await daemon.done;
    log.info('stopped', { reason });
  } catch (error) {
    await daemon.stop(`error: ${oneLine(error)}`).catch(() => undefined);
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

export function register(program: Command): void {
  addConfigFlags(program.command('run').description('run the daemon: capture, track hands, recognise gestures, publish to MQTT, serve the status page')).action(
    async (flags: RunFlags) => {
      // The systemd extension does nothing unless systemd started us (Type=notify sets $NOTIFY_SOCKET).
      await runDaemon(flags, [createSystemdExtension]);
    },
  );
}
