/** A URL for logs and the status page, with any user:password@ part masked. */
export function maskUrlCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
