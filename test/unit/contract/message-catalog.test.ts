import { describe, expect, it } from 'vitest';

import { en } from '@journey-stages/contract/messages/en';
import { CATALOGS, catalogLanguage, wordsFor } from '@journey-stages/contract/words';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// The extensions' words (docs/cards.md, "Languages"): one catalog per language, each complete.
describe('message catalogs', () => {
  it('the English catalog has the words of every extension: cards, help desk, home page, settings page', () => {
    const sections = new Set(Object.keys(en).map((key) => key.split('.')[0]));
    for (const section of ['journey', 'ticket', 'snooze', 'home', 'settings']) expect(sections).toContain(section);
  });

  for (const [language, catalog] of Object.entries(CATALOGS)) {
    it(`the ${language} catalog has every key the English one has, and no other`, () => {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    });

    it(`the ${language} catalog fills in the same values as the English one, and says something for each key`, () => {
      for (const [key, text] of Object.entries(catalog)) {
        expect(text.trim(), key).not.toBe('');
        expect(placeholders(text), key).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }
});

describe('catalogLanguage', () => {
  it.each([
    ['de-de', 'de'],
    ['de-AT', 'de'],
    ['fr', 'fr'],
    ['fr-ca', 'fr'],
    ['es-mx', 'es'],
    ['pt-br', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['en-us', 'en'],
    ['ja-jp', 'en'],
    ['nl-nl', 'en'],
    [undefined, 'en'],
  ])('catalogLanguage(%s) is %s', (locale, language) => {
    expect(catalogLanguage(locale)).toBe(language);
  });
});

describe('wordsFor', () => {
  const instant = new Date('2026-03-02T03:30:00.000Z');

  it('says dates in the user locale and the portal time zone', () => {
    expect(wordsFor({ locale: 'de-de', timeZone: 'Europe/Berlin' }).day(instant)).toBe('2. März 2026');
    expect(wordsFor({ locale: 'fr-fr', timeZone: 'Europe/Paris' }).day(instant)).toBe('2 mars 2026');
    expect(wordsFor({ locale: 'en-us', timeZone: 'America/New_York' }).day(instant)).toBe('Mar 1, 2026');
  });

  it('counts days with the language plural rules: one in French covers 0 and 1', () => {
    expect(wordsFor({ locale: 'de' }).count('unit.days', 1)).toBe('1 Tag');
    expect(wordsFor({ locale: 'de' }).count('unit.days', 12)).toBe('12 Tage');
    expect(wordsFor({ locale: 'fr' }).count('unit.days', 0)).toBe('0 jour');
    expect(wordsFor({ locale: 'pt-br' }).count('unit.days', 2)).toBe('2 dias');
  });

  it('writes numbers and shares as the locale does', () => {
    expect(wordsFor({ locale: 'de-de' }).number(1234.5)).toBe('1.234,5');
    expect(wordsFor({ locale: 'fr-fr' }).percent(0.18)).toBe('18\u00a0%');
    expect(wordsFor({ locale: 'en-us' }).percent(0.18)).toBe('18%');
  });

  it('an unknown locale reads English with English dates; a key is filled in by name', () => {
    const words = wordsFor({ locale: 'xx-invalid-locale-tag-' });
    expect(words.language).toBe('en');
    expect(words.t('ticket.contact', { contactId: '101' })).toBe('Contact 101');
  });
});
