// Masks credentials in any text that may hold a URL (a source URI, a GStreamer pipeline with an
// rtsp:// location, a broker URL, an error message quoting one) before it reaches a log, a page or
// systemd: the user:password@ part of every URL and the values of secret-looking key=value pairs.

/** Keys whose values are secrets, in query strings (`?password=`) and GStreamer properties (`user-pw=`). */
const SECRET_KEY = String.raw`(?:[a-z_-]*(?:password|passwd|pwd|pw|pass|token|secret|apikey|api[-_]key|auth|signature|sig|credentials?)|key)`;

// The userinfo runs to the last '@' before the URL ends (whitespace, a quote or an angle bracket):
// a password may itself hold '@', '/', ':', '?' or '#' when not percent-encoded.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>]*@/gi;
const SECRET_PAIR = new RegExp(String.raw`(^|[?&;\s"'])(${SECRET_KEY})=(?:"[^"]*"|'[^']*'|[^&\s"'#!]*)`, 'gi');

/** `text` with every URL's user:password@ replaced by ***@ and every secret key=value by key=***. */
export function maskCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(SECRET_PAIR, '$1$2=***');
}
