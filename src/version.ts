declare const __GDEKS_VERSION__: string;

/** package.json's version, put in by the build (scripts/build.mjs); running from source it is 0.0.0-dev. */
export const VERSION = typeof __GDEKS_VERSION__ === 'string' ? __GDEKS_VERSION__ : '0.0.0-dev';
