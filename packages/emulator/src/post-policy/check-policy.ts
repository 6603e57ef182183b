import { OssServiceError } from '../http/errors.js';
import type { PolicyCondition, PostPolicyDocument } from './parse-policy.js';

/** The size the file must have, in bytes, inclusive (from `content-length-range`). */
export interface SizeRange {
  readonly min: number;
  readonly max: number;
}

function failed(condition: PolicyCondition): OssServiceError {
  // A condition naming a field the form lacks fails the same way (OSS EC 0006-00000226).
  return new OssServiceError('AccessDenied', { message: `Invalid according to Policy: Policy Condition failed: ${condition.text}` });
}

function holds(condition: PolicyCondition, value: string | undefined): boolean {
  switch (condition.kind) {
    case 'eq':
      return value === condition.value;
    case 'starts-with':
      return value?.startsWith(condition.value) === true;
    case 'in':
      return value !== undefined && condition.values.includes(value);
    case 'not-in':
      return value === undefined || !condition.values.includes(value);
    case 'content-length-range':
      return true; // checked against the file's size, once it is known
  }
}

/**
 * Checks a POST policy against the form before a byte of the file is stored: expiration first
 * (403 AccessDenied "Invalid according to Policy: Policy expired."), then each condition against
 * the form field it names, `bucket` being the addressed bucket (403 AccessDenied "Invalid according
 * to Policy: Policy Condition failed: [...]"). Field values are compared as sent, so a `key` of
 * `user/${filename}` is matched before the file name is put in. Returns the size range the
 * `content-length-range` conditions allow (all of them must hold).
 *
 * @example
 * ```ts
 * const range = checkPostPolicy(policy, form.fields, 'demo', request.receivedAt); // { min: 0, max: 1024 }
 * ```
 */
export function checkPostPolicy(
  policy: PostPolicyDocument,
  fields: ReadonlyMap<string, string>,
  bucket: string,
  now: Date,
): SizeRange {
  if (now.getTime() > policy.expiration.getTime()) {
    throw new OssServiceError('AccessDenied', { message: 'Invalid according to Policy: Policy expired.' });
  }
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const condition of policy.conditions) {
    if (condition.kind === 'content-length-range') {
      min = Math.max(min, condition.min);
      max = Math.min(max, condition.max);
      continue;
    }
    const value = condition.field === 'bucket' ? bucket : fields.get(condition.field);
    if (!holds(condition, value)) throw failed(condition);
  }
  return { min, max };
}

/**
 * Whether the policy pins a field to one value (an exact match): a V4 policy must pin
 * x-oss-signature-version, x-oss-credential and x-oss-date (OSS doc "Signature V4 for PostObject").
 *
 * @example
 * ```ts
 * pinsField(policy, 'x-oss-credential'); // true for [{"x-oss-credential": "ak/20231203/cn-hangzhou/oss/aliyun_v4_request"}]
 * ```
 */
export function pinsField(policy: PostPolicyDocument, field: string): boolean {
  return policy.conditions.some((condition) => condition.kind === 'eq' && condition.field === field);
}
