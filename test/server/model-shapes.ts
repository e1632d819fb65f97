// The botocore GuardDuty model and a wire-JSON-against-shape checker, for the organization and destination
// model test (org-model.test.ts). The same rules as model.test.ts: rest-json, timestamps as epoch seconds.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Member { shape: string; location?: string; locationName?: string }
export interface Shape { type: string; members?: Record<string, Member>; required?: string[]; member?: { shape: string }; value?: { shape: string }; enum?: string[] }
export interface Model { operations: Record<string, { http: { method: string; requestUri: string }; input?: { shape: string }; output?: { shape: string } }>; shapes: Record<string, Shape> }

/** The model, or why it is unavailable (python3 + botocore missing). Another service's: `loadModel('account', '2021-02-01')`. */
export function loadModel(service = 'guardduty', version = '2017-11-28'): Model | string {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const base = join(dir, 'data', service, version, 'service-2.json');
    if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8')) as Model;
    if (existsSync(`${base}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8')) as Model;
    return `no ${service} model under ${dir}`;
  } catch {
    return 'python3 with botocore is not installed';
  }
}

/** Every mismatch between a wire JSON value and a model shape. */
export function checkShape(m: Model, shapeName: string, value: unknown, path: string, errors: string[]): void {
  const shape = m.shapes[shapeName];
  if (!shape) return void errors.push(`${path}: unknown shape ${shapeName}`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return void errors.push(`${path}: expected object`);
      const byWire = new Map(Object.entries(shape.members ?? {}).map(([name, mem]) => [mem.locationName ?? name, mem]));
      for (const [key, v] of Object.entries(value)) {
        const mem = byWire.get(key);
        if (!mem) errors.push(`${path}.${key}: not a member of ${shapeName}`);
        else checkShape(m, mem.shape, v, `${path}.${key}`, errors);
      }
      for (const req of shape.required ?? []) {
        const mem = shape.members?.[req];
        if (mem && mem.location === undefined && !((mem.locationName ?? req) in value)) errors.push(`${path}: missing required ${mem.locationName ?? req}`);
      }
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return void errors.push(`${path}: expected list`);
      value.forEach((v, i) => checkShape(m, shape.member?.shape ?? '', v, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null) return void errors.push(`${path}: expected map`);
      for (const [k, v] of Object.entries(value)) checkShape(m, shape.value?.shape ?? '', v, `${path}.${k}`, errors);
      return;
    case 'string':
      if (typeof value !== 'string') return void errors.push(`${path}: expected string`);
      if (shape.enum && !shape.enum.includes(value)) errors.push(`${path}: ${value} not in enum ${shapeName}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(`${path}: expected integer`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') errors.push(`${path}: expected number`);
      return;
    case 'timestamp':
      if (typeof value !== 'number') errors.push(`${path}: expected epoch seconds`);
      return;
    default:
      errors.push(`${path}: unhandled type ${shape.type}`);
  }
}
