import type { TestProject } from 'vitest/node';
import { startReceiver } from './webhooks/receiver';

/** Runs in Node before the workerd tests: the webhook receiver they deliver to. */
export async function setup(project: TestProject) {
  const receiver = await startReceiver();
  project.provide('receiverUrl', receiver.url);
  return receiver.close;
}
