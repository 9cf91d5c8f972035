// Read from package.json when the package is built (rollup.config.mjs bundles these two fields only).
import { name, version } from '../../package.json';

/** The package's name: also the module specifier its client is imported by. */
export const PACKAGE_NAME = name;

/** The package's version. */
export const PACKAGE_VERSION = version;

/** The entry cloud functions import (`withOpenData`, `exchangePhoneCode`). */
export const SERVER_MODULE = `${PACKAGE_NAME}/server`;
