import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** A JSON answer kept as bytes, with the weak ETag that names it. */
export interface SerializedBody {
  body: Buffer;
  etag: string;
}

/** Bodies by what they were built from (an owner map: one overlay version and catalog read). */
const bodies = new WeakMap<object, Map<string, SerializedBody>>();
const etagPrefix = randomUUID().slice(0, 8);
let etagSeq = 0;

/** Distinct keys kept per owner map: each query a caller sends may be a new one. */
export const MAX_BODIES = 256;

/**
 * The body `build` returns, serialized once per `from` and `key` and shared by every request
 * whose answer is the same: a large graph is stringified once, not per request. `key` must
 * name everything else the answer depends on (the caller's teams, the query).
 */
export function serializedBody(
  from: object,
  key: string,
  build: () => unknown,
): SerializedBody {
  let byKey = bodies.get(from);
  if (!byKey) bodies.set(from, (byKey = new Map()));
  let hit = byKey.get(key);
  if (!hit) {
    hit = {
      // Kept as bytes: express would otherwise re-encode a large string per response.
      body: Buffer.from(JSON.stringify(build())),
      etag: `W/"${etagPrefix}-${++etagSeq}"`,
    };
    if (byKey.size >= MAX_BODIES) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, hit);
  }
  return hit;
}

/** Sends a serialized body (with an ETag set, express neither hashes it nor skips a 304). */
export function sendSerialized(res: Response, hit: SerializedBody): void {
  res.set('ETag', hit.etag).type('json').send(hit.body);
}
