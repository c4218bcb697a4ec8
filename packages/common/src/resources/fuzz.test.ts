import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { decodeObject, decodeText } from './decode';
import { parseYamlDocuments } from '../yaml/parse';

const examples = parseYamlDocuments(
  fs.readFileSync(
    path.join(__dirname, '__fixtures__', 'cilium-examples.yaml'),
    'utf8',
  ),
  {
    uri: 'x',
  },
).documents.map(d => d.value);

type Json = unknown;

/** Replaces the node at a random path with a random value (or deletes it). */
function mutate(
  value: Json,
  steps: number[],
  replacement: Json,
  remove: boolean,
): Json {
  if (steps.length === 0 || value === null || typeof value !== 'object')
    return replacement;
  const keys = Object.keys(value as object);
  if (!keys.length) return replacement;
  const key = keys[steps[0] % keys.length];
  const copy: any = Array.isArray(value)
    ? [...value]
    : { ...(value as object) };
  if (remove && steps.length === 1) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  copy[key] = mutate(copy[key], steps.slice(1), replacement, remove);
  return copy;
}

describe('decoders never throw and stay fast', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({
            unit: fc.constantFrom(...'-:[]{}&*!|>?# \n\'"abc123'.split('')),
            maxLength: 400,
          }),
        ),
        text => {
          const t0 = performance.now();
          const r = decodeText(text, 'fuzz.yaml');
          expect(Array.isArray(r.resources)).toBe(true);
          expect(performance.now() - t0).toBeLessThan(1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on random mutations of valid policies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(fc.nat(), { minLength: 1, maxLength: 9 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.boolean(),
        (example, steps, replacement, remove) => {
          const mutated = mutate(example, steps, replacement, remove);
          const t0 = performance.now();
          const fromText = decodeText(stringify(mutated), 'm.yaml');
          const fromObject = decodeObject(mutated);
          expect(performance.now() - t0).toBeLessThan(1000);
          for (const p of [...fromText.problems, ...fromObject.problems]) {
            expect(typeof p.message).toBe('string');
            expect(p.range.start.line).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
