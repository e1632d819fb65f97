// Request-body checks shared by the handlers. The real service rejects malformed input with a 400 before
// doing anything; doing the same here lets gdeks tests catch requests that AWS would refuse.

import { badRequest, INVALID_VALUE } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a request body: empty means `{}`; anything but a JSON object is a 400. */
export function parseBody(raw: string): JsonObject {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('The request is rejected because the request body could not be parsed as JSON.', 'SerializationException');
  }
  if (!isObject(parsed)) throw badRequest('The request is rejected because the request body must be a JSON object.');
  return parsed;
}

/** Reject members the operation does not model (wire names). */
export function onlyMembers(obj: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw badRequest(`The request is rejected because the parameter '${where}${key}' is not recognized.`);
    }
  }
}

export function optString(obj: JsonObject, key: string, limits: { min?: number; max?: number } = {}): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${INVALID_VALUE} (${key} must be a string)`);
  if ((limits.min !== undefined && v.length < limits.min) || (limits.max !== undefined && v.length > limits.max)) {
    throw badRequest(`${INVALID_VALUE} (${key} length must be ${limits.min ?? 0}..${limits.max ?? '∞'})`);
  }
  return v;
}

export function optEnum<T extends string>(obj: JsonObject, key: string, values: readonly T[]): T | undefined {
  const v = optString(obj, key);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw badRequest(INVALID_VALUE);
  return v as T;
}

export function optBool(obj: JsonObject, key: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest(`${INVALID_VALUE} (${key} must be a boolean)`);
  return v;
}

export function optInt(obj: JsonObject, key: string, min: number, max: number): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  return checkInt(v, key, min, max);
}

export function checkInt(v: unknown, key: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${INVALID_VALUE} (${key} must be an integer)`);
  if (v < min || v > max) throw badRequest(`${INVALID_VALUE} (${key} must be between ${min} and ${max})`);
  return v;
}

export function optObject(obj: JsonObject, key: string): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${INVALID_VALUE} (${key} must be an object)`);
  return v;
}

export function optList(obj: JsonObject, key: string, min: number, max: number): Json[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest(`${INVALID_VALUE} (${key} must be a list)`);
  if (v.length < min || v.length > max) {
    throw badRequest(`${INVALID_VALUE} (${key} must have between ${min} and ${max} items, got ${v.length})`);
  }
  return v;
}

export function optStringList(obj: JsonObject, key: string, min: number, max: number, itemMax = 300): string[] | undefined {
  const list = optList(obj, key, min, max);
  if (list === undefined) return undefined;
  return list.map((item) => {
    if (typeof item !== 'string' || item.length < 1 || item.length > itemMax) {
      throw badRequest(`${INVALID_VALUE} (${key} items must be strings of 1..${itemMax} characters)`);
    }
    return item;
  });
}

export function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw badRequest(`The request is rejected because the required parameter '${key}' is missing.`);
  return value;
}
