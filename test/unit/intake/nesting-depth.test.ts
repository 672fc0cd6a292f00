import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../../src/intake/nesting-depth.ts';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('nestsDeeperThan', () => {
  it.each([
    ['a scalar', 0, false, 'x'],
    ['a flat event', 1, false, { portalId: 1, objectId: 2 }],
    ['a flat event', 0, true, { portalId: 1, objectId: 2 }],
    ['an object in an object', 2, false, { a: { b: 1 } }],
    ['an object in an object', 1, true, { a: { b: 1 } }],
    ['64 arrays', 64, false, nested(64)],
    ['65 arrays', 64, true, nested(65)],
  ])('(%s) with at most %i levels: deeper is %s', (_name, max, expected, value) => {
    expect(nestsDeeperThan(value, max)).toBe(expected);
  });

  it('walks a million levels without overflowing the stack (JSON.stringify cannot)', () => {
    const deep = nested(1_000_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan({ fine: 1, deep }, 64)).toBe(true);
  });
});
