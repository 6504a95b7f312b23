/** The daemon's version, as the CLI reports it. */
export const VERSION = '0.1.0';
