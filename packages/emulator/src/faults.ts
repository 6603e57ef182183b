import type { OperationName } from './operations/names.js';

/**
 * A fault to inject, for reliability tests. A rule matches requests of `operation` (or all with
 * `'*'`/absent); `first` limits it to the first N matching requests and `rate` to a fraction of
 * them (pseudo-random, reproducible with `seed`). A matched request is delayed by `delayMs`, then
 * fails with `status`, or has its connection destroyed in the middle of its body with `reset`;
 * a rule with only `delayMs` just slows the request down. A failed request stores nothing.
 */
export interface FaultRule {
  readonly operation?: OperationName | '*' | undefined;
  readonly status?: 500 | 503 | undefined;
  readonly reset?: boolean | undefined;
  readonly delayMs?: number | undefined;
  /** 0..1: fraction of matching requests to fault. */
  readonly rate?: number | undefined;
  /** Fault only the first N matching requests. */
  readonly first?: number | undefined;
  /** Seed of the pseudo-random sequence behind `rate`. */
  readonly seed?: number | undefined;
}

/** What to do to one request. */
export interface FaultDecision {
  readonly operation: OperationName;
  readonly delayMs: number;
  readonly status?: 500 | 503 | undefined;
  readonly reset: boolean;
}

/** How many faults were injected, in total and per operation. */
export interface FaultStats {
  readonly total: number;
  readonly byOperation: Readonly<Partial<Record<OperationName, number>>>;
}

/** Decides, per request, whether a fault applies. */
export interface FaultInjector {
  setRules(rules: readonly FaultRule[]): void;
  decide(operation: OperationName): FaultDecision | undefined;
  stats(): FaultStats;
}

interface RuleState {
  readonly rule: FaultRule;
  matched: number;
  readonly random: () => number;
}

// mulberry32: a tiny deterministic PRNG, so `rate` with `seed` gives the same faults on every run.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validateRule(rule: FaultRule): void {
  if (rule.status !== undefined && rule.status !== 500 && rule.status !== 503) throw new TypeError('FaultRule.status must be 500 or 503');
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new TypeError('FaultRule.rate must be within 0..1');
  if (rule.first !== undefined && !(Number.isInteger(rule.first) && rule.first >= 0)) {
    throw new TypeError('FaultRule.first must be a non-negative integer');
  }
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0)) throw new TypeError('FaultRule.delayMs must be >= 0');
  if (rule.status === undefined && !rule.reset && !rule.delayMs) {
    throw new TypeError('FaultRule needs status, reset or delayMs');
  }
}

function triggers(state: RuleState, operation: OperationName): boolean {
  const { rule } = state;
  if (rule.operation && rule.operation !== '*' && rule.operation !== operation) return false;
  state.matched++;
  if (rule.first !== undefined && state.matched > rule.first) return false;
  if (rule.rate !== undefined && state.random() >= rule.rate) return false;
  return true;
}

/**
 * Creates the injector; the first rule that triggers decides.
 *
 * @example
 * ```ts
 * const faults = createFaultInjector([{ operation: 'UploadPart', status: 503, first: 2 }]);
 * faults.decide('UploadPart'); // { operation: 'UploadPart', status: 503, reset: false, delayMs: 0 }
 * ```
 */
export function createFaultInjector(initial: readonly FaultRule[] = []): FaultInjector {
  let states: RuleState[] = [];
  let total = 0;
  const byOperation: Partial<Record<OperationName, number>> = {};
  const injector: FaultInjector = {
    setRules(rules) {
      for (const rule of rules) validateRule(rule);
      states = rules.map((rule) => ({ rule, matched: 0, random: mulberry32(rule.seed ?? 0x5eed) }));
    },
    decide(operation) {
      for (const state of states) {
        if (!triggers(state, operation)) continue;
        total++;
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
        return { operation, delayMs: state.rule.delayMs ?? 0, status: state.rule.status, reset: state.rule.reset === true };
      }
      return undefined;
    },
    stats: () => ({ total, byOperation: { ...byOperation } }),
  };
  injector.setRules(initial);
  return injector;
}
