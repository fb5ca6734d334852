import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The development key pair the services trust in local config (libs/service-kit/dev-keys). */
export const DEV_SIGNING_KEY_FILE = join(
  dirname(fileURLToPath(import.meta.resolve('@commerce-sync/service-kit/dev-token'))),
  '../dev-keys/admin-dev.private.pem',
);
