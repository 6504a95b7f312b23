// A broker inside the daemon (aedes, MQTT 3.1.1) on loopback, so a device with no broker still works
// and local tools (mosquitto_sub, Home Assistant on the same host) can subscribe.
//
// Any local process may connect, so its memory is bounded: packets over EMBEDDED_MAX_PACKET_BYTES end
// the connection as soon as their header says so; only the daemon's own client (a random password
// made at each start) may leave retained messages or keep a persistent session; connections are capped.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import { UserError } from '../util/errors.js';

/** Far above our own messages (events, discovery configs are a few hundred bytes). */
export const EMBEDDED_MAX_PACKET_BYTES = 256 * 1024;
const MAX_CONNECTIONS = 64;
const OWN_USER = 'gesturegate';

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** The login of the daemon's own client (the only one that may retain messages). */
  credentials: { username: string; password: string };
  close(): Promise<void>;
}

/**
 * A check fed every byte a client sends: false once a packet's fixed header announces more than
 * `maxBytes` (or a malformed length), before the body is buffered.
 */
export function packetSizeGuard(maxBytes: number): (chunk: Buffer) => boolean {
  let state: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let shift = 0;
  let left = 0;
  return (chunk) => {
    for (let i = 0; i < chunk.length; ) {
      if (state === 'type') {
        state = 'length';
        length = 0;
        shift = 0;
        i++;
      } else if (state === 'length') {
        const byte = chunk[i++]!;
        length += (byte & 0x7f) * 2 ** shift;
        shift += 7;
        if (byte & 0x80) {
          if (shift >= 28) return false;
          continue;
        }
        if (length > maxBytes) return false;
        left = length;
        state = left > 0 ? 'body' : 'type';
      } else {
        const take = Math.min(left, chunk.length - i);
        left -= take;
        i += take;
        if (left === 0) state = 'type';
      }
    }
    return true;
  };
}

/** aedes reads each connection with read(): every chunk passes the guard first; an oversized packet ends the connection. */
function guardSocket(socket: Socket, maxBytes: number): Socket {
  const fits = packetSizeGuard(maxBytes);
  const read = socket.read.bind(socket);
  socket.read = (size?: number) => {
    const chunk = read(size) as Buffer | null;
    if (chunk && !fits(chunk)) {
      socket.destroy();
      return null;
    }
    return chunk;
  };
  return socket;
}

export async function startEmbeddedBroker(port: number, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const password = randomBytes(18).toString('base64url');
  const own = new WeakSet<Client>();
  const isOwn = (username: string | undefined, given: Buffer | undefined): boolean =>
    username === OWN_USER && given !== undefined && given.length === password.length && timingSafeEqual(given, Buffer.from(password));
  const broker = await Aedes.createBroker({
    // Persistent sessions keep QoS 1 messages for absent subscribers without bound: ours only.
    preConnect: (_client, packet, done) => done(null, packet.clean || isOwn(packet.username, packet.password)),
    authenticate: (client, username, given, done) => {
      if (username !== OWN_USER) return done(null, true);
      if (!isOwn(username, given)) return done(Object.assign(new Error('bad user name or password'), { returnCode: 4 as const }), false);
      own.add(client);
      done(null, true);
    },
    // The retained store lives for the broker's life: only our availability, state and discovery go there.
    authorizePublish: (client, packet, done) =>
      done(packet.retain && client && !own.has(client) ? new Error('retained messages are for gesturegate only') : null),
  });
  const server: Server = createServer((socket) => broker.handle(guardSocket(socket, EMBEDDED_MAX_PACKET_BYTES)));
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      broker.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`mqtt.embeddedPort: port ${port} on ${host} is in use (set mqtt.url to use that broker, or pick another port)`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host}:${actual}`,
    port: actual,
    credentials: { username: OWN_USER, password },
    close: () =>
      new Promise<void>((resolve) => {
        server.close();
        broker.close(() => resolve());
      }),
  };
}
