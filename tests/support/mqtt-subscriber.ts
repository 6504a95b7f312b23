// A test subscriber that records every message under a topic filter and can wait for one.
import mqtt, { type MqttClient } from 'mqtt';

export interface ReceivedMessage {
  topic: string;
  text: string;
  retain: boolean;
  /** performance.timeOrigin + performance.now() when it arrived, epoch ms. */
  receivedAt: number;
}

export interface TestSubscriber {
  messages: ReceivedMessage[];
  on(topic: string): ReceivedMessage[];
  waitFor(predicate: (m: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  close(): Promise<void>;
}

/** With `sessionId`, a persistent session: QoS 1 messages sent while it is away (or the broker restarts) still arrive. */
export async function subscribe(url: string, filter: string, sessionId?: string): Promise<TestSubscriber> {
  const session = sessionId ? { clientId: sessionId, clean: false } : {};
  const client: MqttClient = await mqtt.connectAsync(url, { reconnectPeriod: 200, protocolVersion: 4, ...session });
  const messages: ReceivedMessage[] = [];
  const listeners = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, text: payload.toString(), retain: packet.retain, receivedAt: performance.timeOrigin + performance.now() });
    for (const l of listeners) l();
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    messages,
    on: (topic) => messages.filter((m) => m.topic === topic),
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(predicate);
          if (found) {
            listeners.delete(listener);
            clearTimeout(timer);
            resolve(found);
          }
          return Boolean(found);
        };
        const listener = (): void => void check();
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no matching MQTT message within ${timeoutMs} ms (got ${messages.map((m) => m.topic).join(', ')})`));
        }, timeoutMs);
        listeners.add(listener);
        check();
      }),
    close: () => client.endAsync(true),
  };
}
