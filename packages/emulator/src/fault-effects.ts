import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultDecision } from './faults.js';
import { OssServiceError } from './http/errors.js';

function firstChunkOrEnd(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      req.off('data', done);
      req.off('end', done);
      req.off('close', done);
      resolve();
    };
    req.on('data', done);
    req.on('end', done);
    req.on('close', done);
  });
}

/**
 * Carries out a fault decision before the operation runs, so a faulted request never stores
 * anything: waits `delayMs`, then destroys the connection once the body has started arriving
 * (`reset`, returns `true`: nothing more to answer), or throws the injected 500/503.
 *
 * @example
 * ```ts
 * if (await applyFault(decision, req)) return;
 * ```
 */
export async function applyFault(decision: FaultDecision, req: IncomingMessage): Promise<boolean> {
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  if (decision.reset) {
    await firstChunkOrEnd(req);
    req.socket.destroy();
    return true;
  }
  if (decision.status === 503) throw new OssServiceError('ServiceUnavailable', { details: { InjectedFault: decision.operation } });
  if (decision.status === 500) throw new OssServiceError('InternalError', { details: { InjectedFault: decision.operation } });
  return false;
}
