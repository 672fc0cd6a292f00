import { describe, expect, it } from 'vitest';
import { ownerLabel } from '../../../src/sync/owner-label.ts';

/* How the funnel's per-owner rows name an owner (docs/api.md): a rep reads names, not ids. */
describe('ownerLabel', () => {
  it('joins first and last name, trimmed, leaving out a blank part', () => {
    expect(ownerLabel({ id: '7', firstName: ' Ana ', lastName: ' Silva', email: 'ana@example.com' })).toBe('Ana Silva');
    expect(ownerLabel({ id: '7', firstName: 'Ana', lastName: '  ' })).toBe('Ana');
    expect(ownerLabel({ id: '7', lastName: 'Silva' })).toBe('Silva');
  });

  it('falls back to the email, then to the owner id', () => {
    expect(ownerLabel({ id: '7', firstName: ' ', email: ' ana@example.com ' })).toBe('ana@example.com');
    expect(ownerLabel({ id: '7', email: '  ' })).toBe('7');
    expect(ownerLabel({ id: '7' })).toBe('7');
  });
});
