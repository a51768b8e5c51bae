import type { TestProject } from 'vitest/node';
import { startSigner } from './integrations/signer';
import { startReceiver } from './webhooks/receiver';

/** Runs in Node before the workerd tests: the webhook receiver they deliver to. */
export async function setup(project: TestProject) {
  const receiver = await startReceiver();
  project.provide('receiverUrl', receiver.url);
  const signer = await startSigner();
  project.provide('signerUrl', signer.url);
  return async () => {
    await receiver.close();
    await signer.close();
  };
}
