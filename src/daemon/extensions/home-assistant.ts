// Home Assistant MQTT discovery: after each connect, the retained configs of one device with a gesture
// event entity, a "handshake in progress" binary sensor and a "hands in view" sensor.
import { discoveryMessages } from '../../bridge/discovery.js';
import type { Extension, ExtensionContext, ExtensionFactory } from '../extension.js';
import { VERSION } from '../../version.js';

export function homeAssistantExtension(gestureLabels: () => string[]): ExtensionFactory {
  return (context: ExtensionContext): Extension<'homeAssistant'> => {
    const { config } = context;
    let announced = 0;
    return {
      name: 'homeAssistant',
      async start() {
        const bridge = context.service('mqttBridge');
        if (!bridge || !config.mqtt.homeAssistant) return;
        const device = { id: config.device.id, name: config.device.name, version: VERSION };
        const messages = discoveryMessages(config.mqtt.discoveryPrefix, bridge.topics, device, gestureLabels());
        bridge.onConnected(async () => {
          for (const m of messages) await bridge.publishRetained(m.topic, JSON.stringify(m.payload));
          announced++;
        });
      },
      async stop() {},
      status: () => ({ enabled: config.mqtt.enabled && config.mqtt.homeAssistant, announced }),
    };
  };
}
