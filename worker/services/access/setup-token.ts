import { sha256Hex } from '../../lib/crypto';
import { forbidden } from '../../lib/errors';

/**
 * First-run setup claims the whole deployment, so it needs a secret only the deployer knows:
 * `SETUP_TOKEN` (`wrangler secret put SETUP_TOKEN`; `npm start` writes a local one to .dev.vars
 * and prints it). Without one configured, setup is closed rather than open to whoever comes first.
 */
export async function checkSetupToken(configured: string | undefined, presented: string): Promise<void> {
  if (!configured?.trim()) {
    throw forbidden('setup-token-not-configured', 'Setup is closed', 'This deployment has no SETUP_TOKEN secret. Set one (wrangler secret put SETUP_TOKEN), then run setup with it.');
  }
  // Digests of equal length, compared in constant time: the answer's timing says nothing of the token.
  const [a, b] = await Promise.all([sha256Hex(configured.trim()), sha256Hex(presented)]);
  const encoder = new TextEncoder();
  if (!crypto.subtle.timingSafeEqual(encoder.encode(a), encoder.encode(b))) {
    throw forbidden('setup-token-invalid', 'Wrong setup token', 'The setup token is not the one set for this deployment.', [
      { field: 'setup_token', message: 'Not the setup token of this deployment.' },
    ]);
  }
}
