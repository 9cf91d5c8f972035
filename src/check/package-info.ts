/** The package's name: also the module specifier its client is imported by. */
export const PACKAGE_NAME = 'miniprogram-cloudid';

/** The package's version (kept equal to package.json's by a test). */
export const PACKAGE_VERSION = '0.1.0';
