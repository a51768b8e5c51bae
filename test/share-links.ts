import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../worker/index';
import type { Bindings } from '../worker/env';
import { sendOpenClickBatches } from '../worker/services/share-links/click-batch';
import { clickAggregator } from '../worker/services/share-links/clicks';
import { ORIGIN } from './helpers';

export const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
export const SHOPPER_IP = '203.0.113.7';

export interface SendOptions {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Bindings to use instead of the test environment's (e.g. a D1 that counts its queries). */
  env?: Partial<Bindings>;
  /** Wait out the click batch's window instead of ending it at once (the default). */
  waitForBatchWindow?: boolean;
}

/**
 * A request through the Worker's own fetch handler, returning once its after-response work
 * (`ctx.waitUntil`: click recording, KV write-backs) has finished too. Open click batches are
 * sent at once rather than after their window, unless `waitForBatchWindow`.
 */
export async function send(method: string, path: string, options: SendOptions = {}) {
  const headers = new Headers({ 'user-agent': BROWSER, 'cf-connecting-ip': SHOPPER_IP, ...options.headers });
  if (options.key) headers.set('x-api-key', options.key);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: 'manual' }), { ...env, ...options.env }, ctx);
  const text = await response.text();
  if (!options.waitForBatchWindow) sendOpenClickBatches();
  await waitOnExecutionContext(ctx);
  const json = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

/** Follows a share link as a browser would (one click). */
export const follow = (code: string, headers: Record<string, string> = {}, bindings?: Partial<Bindings>, waitForBatchWindow = false) =>
  send('GET', `/r/${code}`, { headers: { accept: 'text/html,application/xhtml+xml', ...headers }, env: bindings, waitForBatchWindow });

/** Runs the alarm of the referrer's click aggregator: its counted visits reach D1. */
export async function flushClicks(campaignId: string, userId: string): Promise<boolean> {
  return runDurableObjectAlarm(clickAggregator(env, campaignId, userId));
}

/** A D1 binding that counts the statements sent through it. */
export function countingD1(db: D1Database) {
  const counter = { queries: 0 };
  const counted = new Set<PropertyKey>(['prepare', 'batch', 'exec']);
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (counted.has(prop)) counter.queries++;
        return value.apply(target, args);
      };
    },
  });
  return { db: proxy, counter };
}
