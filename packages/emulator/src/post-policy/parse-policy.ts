import { OssServiceError } from '../http/errors.js';

/** One condition of a POST policy, with the text OSS quotes when it fails. */
export type PolicyCondition =
  | { readonly kind: 'eq' | 'starts-with'; readonly field: string; readonly value: string; readonly text: string }
  | { readonly kind: 'in' | 'not-in'; readonly field: string; readonly values: readonly string[]; readonly text: string }
  | { readonly kind: 'content-length-range'; readonly min: number; readonly max: number; readonly text: string };

/** A decoded, validated POST policy (OSS doc "PostObject", appendix "Policy"). */
export interface PostPolicyDocument {
  readonly expiration: Date;
  readonly conditions: readonly PolicyCondition[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// ISO 8601 in GMT, as the policy's expiration must be written: 2014-12-01T12:00:00.000Z.
const ISO_GMT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DIGITS = /^\d+$/;
const SIMPLE_CONDITION = 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.';

function invalid(message: string, ec?: string): OssServiceError {
  return new OssServiceError('InvalidPolicyDocument', { message, ec });
}

/** The form field a condition names: `$key` and `key` alike, case-insensitive as form fields are. */
function fieldName(raw: unknown, text: string): string {
  if (typeof raw !== 'string' || raw === '' || raw === '$') throw invalid(`Invalid Policy: Invalid field name in condition ${text}.`);
  return (raw.startsWith('$') ? raw.slice(1) : raw).toLowerCase();
}

function conditionText(parts: readonly unknown[]): string {
  return `[${parts.map((part) => JSON.stringify(part)).join(', ')}]`;
}

function byteCount(value: unknown, text: string): number {
  // Whole non-negative numbers, as JSON numbers or digit strings; anything else is refused
  // (OSS EC 0006-00000221 / 0006-00000223).
  const number = typeof value === 'number' ? value : typeof value === 'string' && DIGITS.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) {
    throw invalid(`Invalid Policy: Invalid content-length-range condition ${text}: the bounds must be non-negative integers.`, '0006-00000223');
  }
  return number;
}

function parseArrayCondition(parts: readonly unknown[]): PolicyCondition {
  const text = conditionText(parts);
  const operator = typeof parts[0] === 'string' ? parts[0].toLowerCase() : '';
  if (parts.length !== 3) throw invalid(`Invalid Policy: Invalid condition ${text}: a condition has three elements.`);
  switch (operator) {
    case 'eq':
    case 'starts-with': {
      if (typeof parts[2] !== 'string') throw invalid(`Invalid Policy: Invalid condition ${text}: the value must be a string.`, '0006-00000224');
      return { kind: operator, field: fieldName(parts[1], text), value: parts[2], text };
    }
    case 'in':
    case 'not-in': {
      const list = parts[2];
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
        throw invalid(`Invalid Policy: Invalid condition ${text}: the value must be a list of strings.`, '0006-00000224');
      }
      return { kind: operator, field: fieldName(parts[1], text), values: list as string[], text };
    }
    case 'content-length-range': {
      const min = byteCount(parts[1], text);
      const max = byteCount(parts[2], text);
      if (max < min) throw invalid(`Invalid Policy: Invalid content-length-range condition ${text}: max-len is less than min-len.`, '0006-00000219');
      return { kind: 'content-length-range', min, max, text };
    }
    default:
      throw invalid(`Invalid Policy: Invalid condition ${text}: unknown operator ${JSON.stringify(parts[0])}.`);
  }
}

function parseCondition(condition: unknown): PolicyCondition {
  if (Array.isArray(condition)) return parseArrayCondition(condition);
  if (typeof condition !== 'object' || condition === null) throw invalid(SIMPLE_CONDITION);
  const entries = Object.entries(condition);
  if (entries.length !== 1) throw invalid(SIMPLE_CONDITION);
  const [name, value] = entries[0] as [string, unknown];
  const field = fieldName(name, JSON.stringify(condition));
  if (typeof value !== 'string') throw invalid(`Invalid Policy: Invalid Simple-Condition: the value of "${name}" must be a string.`, '0006-00000224');
  // An exact-match object is an "eq" on its one field; OSS quotes it in that form.
  return { kind: 'eq', field, value, text: conditionText(['eq', `$${name}`, value]) };
}

/**
 * Decodes the base64 `policy` form field and validates it: a JSON object with an ISO 8601 GMT
 * `expiration` and a `conditions` list of exact-match objects and `eq`, `starts-with`, `in`,
 * `not-in` and `content-length-range` arrays. Anything else is 400 InvalidPolicyDocument.
 *
 * @example
 * ```ts
 * const { expiration, conditions } = parsePostPolicy(fields.get('policy') ?? '');
 * ```
 */
export function parsePostPolicy(encoded: string): PostPolicyDocument {
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '' || !BASE64.test(compact)) throw invalid('Invalid Policy: Invalid Base64 encoding.');
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw invalid('Invalid Policy: Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid('Invalid Policy: Invalid JSON.');
  const { expiration, conditions } = document as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== 'string') throw invalid('Invalid Policy: Policy missing expiration.');
  if (!ISO_GMT.test(expiration) || Number.isNaN(Date.parse(expiration))) {
    throw invalid(`Invalid Policy: Invalid 'expiration' value: '${expiration}'.`);
  }
  // OSS's own wording for a policy without conditions (PostObject errors page, EC 0006-00000207).
  if (!Array.isArray(conditions)) throw invalid(SIMPLE_CONDITION, '0006-00000207');
  return { expiration: new Date(expiration), conditions: conditions.map(parseCondition) };
}
