// MQTT extension: the bridge on the bus. Starts the embedded broker when no broker URL is configured.
import { startEmbeddedBroker, type EmbeddedBroker } from '../../bridge/embedded-broker.js';
import { MqttBridge, type MqttBridgeStatus } from '../../bridge/mqtt-bridge.js';
import { statePayload, type ActiveGesture } from '../../bridge/payloads.js';
import type { Extension, ExtensionContext } from '../extension.js';
import { countedTrackIds } from '../hands-in-view.js';

/** The mqtt section of /api/status: the bridge's status, and whether it has been down too long. */
export interface MqttExtensionStatus extends MqttBridgeStatus {
  embeddedBroker: string | null;
  /** Down for longer than mqtt.unhealthyAfterS: /healthz answers 503. */
  down: boolean;
}

export function mqttExtension(context: ExtensionContext): Extension<'mqtt'> {
  const { config, bus } = context;
  let broker: EmbeddedBroker | null = null;
  let bridge: MqttBridge | null = null;
  let statsTimer: NodeJS.Timeout | null = null;
  const unsubscribe: (() => void)[] = [];
  let sourceState = 'opening';
  let lastHands: number[] = [];
  let lastPeople: number[] = [];
  let lastActive: ActiveGesture[] = [];
  const publishState = (): void => bridge?.setState(statePayload(lastHands, lastActive, sourceState, lastPeople));
  context.provide('mqttBridge', () => bridge);

  return {
    name: 'mqtt',
    async start() {
      if (!config.mqtt.enabled) return;
      let url = config.mqtt.url;
      let mqttConfig = config.mqtt;
      if (!url) {
        broker = await startEmbeddedBroker(config.mqtt.embeddedPort);
        url = broker.url;
        // Our own login: the embedded broker keeps retained messages from this client only.
        mqttConfig = { ...mqttConfig, ...broker.credentials };
        context.log.info('embedded MQTT broker listening', { url });
      }
      bridge = new MqttBridge({ config: mqttConfig, url, deviceId: config.device.id, stateDir: config.device.stateDir });
      bridge.start();
      unsubscribe.push(
        bus.on('gesture', (event) => bridge?.publishEvent(event)),
        bus.on('frameProcessed', ({ hands, active }) => {
          lastHands = countedTrackIds(hands);
          lastPeople = hands.people.map((p) => p.trackId);
          lastActive = active.map((g) => ({ id: g.id, label: g.label, hands: g.hands, ...(g.people && { people: g.people }) }));
          publishState();
        }),
        bus.on('sourceState', (status) => {
          sourceState = status.state;
          publishState();
        }),
      );
      statsTimer = setInterval(() => bridge?.publishStats(statsPayload(context)), config.mqtt.statsIntervalS * 1000);
      statsTimer.unref();
    },
    async stop() {
      for (const off of unsubscribe) off();
      if (statsTimer) clearInterval(statsTimer);
      // Hands are no longer watched: say so before going offline.
      lastHands = [];
      lastPeople = [];
      lastActive = [];
      sourceState = 'stopped';
      publishState();
      await bridge?.stop();
      await broker?.close();
      bridge = null;
      broker = null;
    },
    status(): MqttExtensionStatus | { enabled: false } {
      if (!bridge) return { enabled: false };
      const status = bridge.status();
      const down = status.downSince !== null && Date.now() - status.downSince > config.mqtt.unhealthyAfterS * 1000;
      return { ...status, embeddedBroker: broker?.url ?? null, down };
    },
  };
}

/** The periodic stats message: pipeline figures and device health. */
function statsPayload(context: ExtensionContext): Record<string, unknown> {
  const status = context.status();
  return {
    uptime_s: status.uptimeS,
    fps: status.pipeline.fps,
    frames_processed: status.pipeline.framesProcessed,
    frames_dropped: status.pipeline.framesDropped,
    detection_rate: status.pipeline.detectionRate,
    latency_ms: status.pipeline.stages.total?.meanMs ?? null,
    source: status.source.state,
    reconnects: status.source.reconnects,
    health: status.extensions.health ?? null,
  };
}
