// Who may use the status page: on loopback anyone on this machine; anywhere else only with the token
// (the config schema refuses an off-loopback status.host without one).
// And only under our own names: a Host header we do not know is a DNS-rebinding page, refused.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { NextFunction, Request, Response } from 'express';

export const TOKEN_COOKIE = 'gesturegate_token';

/** The host name of a Host header ("[::1]:8080" → "::1", "Door.lan.:80" → "door.lan"). */
function hostOf(header: string): string {
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Answers 421 to a Host header that is neither an IP address nor one of our names (localhost,
 * status.host, this machine's name, status.allowedHosts). A rebinding attack needs a name of the
 * attacker's own, so it never gets past; IP addresses cannot be rebound.
 */
export function requireKnownHost(listenHost: string, allowedHosts: readonly string[]) {
  const machine = hostname().toLowerCase();
  const names = new Set(['localhost', listenHost.toLowerCase(), machine, `${machine}.local`, ...allowedHosts.map((h) => h.toLowerCase())]);
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.host;
    // HTTP/1.0 without a Host header: no browser sends that.
    if (header === undefined) return next();
    const name = hostOf(header);
    if (names.has(name) || isIP(name)) return next();
    res.status(421).type('text').send('unknown Host: add this name to status.allowedHosts to reach the page by it\n');
  };
}

function tokenFrom(req: Request): string | undefined {
  // Auth schemes are case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
  const bearer = /^bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (bearer) return bearer[1]!.trim();
  if (typeof req.query.token === 'string') return req.query.token;
  const cookie = req
    .get('cookie')
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  if (!cookie) return undefined;
  try {
    return decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1));
  } catch {
    // A malformed escape is a wrong token, not a server error.
    return undefined;
  }
}

/** Compares digests of equal length, so neither the time nor an early length check says how long the token is. */
export function sameToken(given: string, token: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * With a token configured, every route but /healthz needs it (Bearer header, ?token= or cookie).
 * A page opened with ?token= gets it as an HttpOnly cookie, so its own requests carry it.
 */
export function requireToken(token: string | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!token || req.path === '/healthz') return next();
    const given = tokenFrom(req);
    if (!given || !sameToken(given, token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('text').send('token required\n');
      return;
    }
    if (typeof req.query.token === 'string') {
      res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
    }
    next();
  };
}
