// Pure parts of the MQTT bridge: topics, payloads, Home Assistant discovery, the on-disk queue.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoveryMessages } from '../src/bridge/discovery.js';
import { DiskQueue } from '../src/bridge/event-queue.js';
import { eventPayload, monotonicToEpochMs, statePayload } from '../src/bridge/payloads.js';
import { topicsFor } from '../src/bridge/topics.js';

describe('topics and payloads', () => {
  it('puts every topic under <prefix>/<device>/', () => {
    expect(topicsFor('home/gesturegate/', 'porch')).toEqual({
      base: 'home/gesturegate/porch',
      availability: 'home/gesturegate/porch/availability',
      state: 'home/gesturegate/porch/state',
      event: 'home/gesturegate/porch/event',
      stats: 'home/gesturegate/porch/stats',
    });
  });

  it('reports a handshake in progress, who is shaking hands and the people in view in the state', () => {
    expect(statePayload([1, 2], [{ id: 'a', label: 'handshake', hands: [1, 2], people: [7, 4] }], 'running', [4, 5, 7])).toEqual({
      hands: 2,
      track_ids: [1, 2],
      persons: 3,
      person_ids: [4, 5, 7],
      active: [{ id: 'a', label: 'handshake', hands: [1, 2], people: [7, 4] }],
      handshake: true,
      handshake_people: [4, 7],
      source: 'running',
    });
    // A handshake of hands alone (no people layer) names nobody; a wave is no handshake.
    expect(statePayload([1, 2], [{ id: 'a', label: 'handshake', hands: [1, 2] }], 'running').handshake_people).toEqual([]);
    const wave = statePayload([1], [{ id: 'b', label: 'wave', hands: [1] }], 'running');
    expect([wave.handshake, wave.handshake_people]).toEqual([false, []]);
  });

  it('names the people of a handshake event', () => {
    const payload = eventPayload({ id: 'h', label: 'handshake', phase: 'start', timestamp: 1, frameTimestampMs: 1, peakScore: 0.9, hands: [], people: [2, 5] });
    expect([payload.people, payload.hands]).toEqual([[2, 5], []]);
  });

  it('counts no people without the people layer', () => {
    expect(statePayload([1], [], 'running').persons).toBe(0);
  });

  it('turns a gesture end into an event with duration, rounded score and capture time', () => {
    const frameTimestampMs = 1234.5;
    const payload = eventPayload({
      id: 'x',
      label: 'wave',
      phase: 'end',
      timestamp: 1_700_000_000_000,
      frameTimestampMs,
      peakScore: 0.87654,
      durationMs: 900,
      hands: [3],
    });
    expect(payload).toEqual({
      id: 'x',
      label: 'wave',
      phase: 'end',
      event_type: 'wave_end',
      score: 0.877,
      duration_ms: 900,
      hands: [3],
      people: [],
      timestamp: 1_700_000_000_000,
      captured_at: monotonicToEpochMs(frameTimestampMs),
    });
    expect(Math.abs(monotonicToEpochMs(performance.now()) - Date.now())).toBeLessThan(50);
  });
});

describe('Home Assistant discovery', () => {
  const topics = topicsFor('gesturegate', 'door');
  const messages = discoveryMessages('homeassistant', topics, { id: 'door', name: 'Front door', version: '1.2.3' }, ['handshake', 'wave']);

  it('announces one device with an event entity, a handshake binary sensor, a hands sensor and a people sensor', () => {
    expect(messages.map((m) => m.topic)).toEqual([
      'homeassistant/event/gesturegate_door/gesture/config',
      'homeassistant/binary_sensor/gesturegate_door/handshake/config',
      'homeassistant/sensor/gesturegate_door/hands/config',
      'homeassistant/sensor/gesturegate_door/persons/config',
    ]);
    for (const { payload } of messages) {
      expect(payload.device).toMatchObject({ identifiers: ['gesturegate_door'], name: 'Front door', sw_version: '1.2.3' });
      expect(payload.availability_topic).toBe('gesturegate/door/availability');
      expect(String(payload.unique_id)).toMatch(/^gesturegate_door_/);
    }
    expect(new Set(messages.map((m) => m.payload.unique_id)).size).toBe(4);
  });

  it('lists every event type the event topic can carry', () => {
    const event = messages[0]!.payload;
    expect(event.state_topic).toBe('gesturegate/door/event');
    expect(event.event_types).toEqual(['handshake_start', 'handshake_end', 'wave_start', 'wave_end']);
    expect(messages[1]!.payload.value_template).toContain('value_json.handshake');
    // The handshake sensor says who, as an attribute read from the same state topic.
    expect(messages[1]!.payload.json_attributes_topic).toBe('gesturegate/door/state');
    expect(messages[1]!.payload.json_attributes_template).toContain('value_json.handshake_people');
    expect(messages[2]!.payload.value_template).toBe('{{ value_json.hands }}');
    expect(messages[3]!.payload.value_template).toBe('{{ value_json.persons }}');
  });
});

describe('on-disk event queue', () => {
  it('keeps order, survives a restart and drops the oldest beyond its bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-queue-'));
    const first = new DiskQueue(dir, 3, () => null);
    for (let i = 1; i <= 5; i++) first.push('t', `m${i}`);
    expect(first.size).toBe(3);
    expect(first.dropped).toBe(2);
    expect(readdirSync(dir)).toHaveLength(3);

    const second = new DiskQueue(dir, 3, () => null);
    expect(second.peek()?.payload).toBe('m3');
    second.remove(second.peek()!.seq);
    second.push('t', 'm6');
    const order: string[] = [];
    for (let item = second.peek(); item; item = second.peek()) {
      order.push(item.payload);
      second.remove(item.seq);
    }
    expect(order).toEqual(['m4', 'm5', 'm6']);
    expect(readdirSync(dir)).toEqual([]);
  });
});
