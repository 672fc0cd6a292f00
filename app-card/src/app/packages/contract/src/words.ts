import { de } from './messages/de.ts';
import { type Catalog, en, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { ptBR } from './messages/pt-BR.ts';

/** The languages with a complete catalog; any other locale reads English. */
export const CATALOGS = { en, de, fr, es, 'pt-BR': ptBR } as const satisfies Record<string, Catalog>;
export type CatalogLanguage = keyof typeof CATALOGS;
export type { Catalog, MessageKey } from './messages/en.ts';

/** Dates without a user locale read "2 Mar 2026", the same in every browser. */
const DEFAULT_FORMAT_LOCALE = 'en-GB';
const DAY_MS = 86_400_000;

/**
 * The catalog for a HubSpot user locale (`context.user.locale`: "de-de", "pt-br", "fr", …):
 * German, French and Spanish for every region; Brazilian Portuguese for "pt-br" and plain "pt";
 * English for everything else, including no locale at all.
 */
export function catalogLanguage(locale: string | undefined): CatalogLanguage {
  const tag = (locale ?? '').toLowerCase().replace('_', '-');
  const language = tag.split('-')[0];
  if (language === 'de' || language === 'fr' || language === 'es') return language;
  if (tag === 'pt' || tag === 'pt-br') return 'pt-BR';
  return 'en';
}

export type Params = Record<string, string | number>;

/** A phrase counted with a plural: the catalog has `<unit>.one` and `<unit>.other` for it. */
export type CountedUnit = {
  [K in MessageKey]: K extends `${infer U}.one` ? (`${U}.other` extends MessageKey ? U : never) : never;
}[MessageKey];

/** What an extension needs to say things to one user: the catalog's words, their dates and numbers. */
export interface Words {
  language: CatalogLanguage;
  /** The locale dates and numbers are formatted in (the user's, when Intl knows it). */
  formatLocale: string;
  timeZone: string;
  t(key: MessageKey, params?: Params): string;
  /** A counted phrase: `count('unit.days', 3)` is "3 days", "3 Tage", … (Intl.PluralRules). */
  count(base: CountedUnit, n: number): string;
  /** "2 Mar 2026", "2. März 2026", "2 mars 2026": a calendar day in the portal's time zone. */
  day(instant: Date | string): string;
  /** "2 Mar 2026, 07:00" in the portal's time zone. */
  dateTime(instant: Date | string): string;
  /** "Sep 2026", "Sept. 2026": the month of a calendar day ("2026-09-01"), which no time zone moves. */
  month(isoDay: string): string;
  number(n: number, maximumFractionDigits?: number): string;
  /** 0.18 → "18%", "18 %" (per locale). */
  percent(share: number): string;
  /** Whole calendar days of the portal's time zone from `from` to `to`: "today", "1 day", "12 days". */
  daysBetween(from: Date, to: Date): string;
}

/**
 * Words for a user (`context.user.locale`) in a portal (`context.portal.timezone`). Intl does the
 * dates, numbers and plurals: it knows every locale and IANA zone without shipping locale data
 * with each extension (docs/cards.md, "Languages"). An unknown zone falls back to UTC and an
 * unknown locale to English dates, rather than breaking the card.
 */
export function wordsFor(o: { locale?: string | undefined; timeZone?: string | undefined }): Words {
  const language = catalogLanguage(o.locale);
  const catalog: Catalog = CATALOGS[language];
  const formatLocale = supportedLocale(o.locale) ?? DEFAULT_FORMAT_LOCALE;
  const timeZone = supportedZone(o.timeZone) ?? 'UTC';
  const plural = new Intl.PluralRules(formatLocale);
  const dayFormat = new Intl.DateTimeFormat(formatLocale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone,
  });
  const dateTimeFormat = new Intl.DateTimeFormat(formatLocale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  const monthFormat = new Intl.DateTimeFormat(formatLocale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const t = (key: MessageKey, params: Params = {}) => fill(catalog[key] ?? en[key], params);
  const words: Words = {
    language,
    formatLocale,
    timeZone,
    t,
    count: (base, n) => {
      const rule = plural.select(n) === 'one' ? 'one' : 'other';
      return t(`${base}.${rule}`, { count: words.number(n) });
    },
    day: (instant) => dayFormat.format(new Date(instant)),
    dateTime: (instant) => dateTimeFormat.format(new Date(instant)),
    month: (isoDay) => {
      const match = /^(\d{4})-(\d{2})/.exec(isoDay);
      return match ? monthFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) : isoDay;
    },
    number: (n, maximumFractionDigits = 1) => new Intl.NumberFormat(formatLocale, { maximumFractionDigits }).format(n),
    percent: (share) => new Intl.NumberFormat(formatLocale, { style: 'percent' }).format(share),
    daysBetween: (from, to) => {
      const days = Math.max(0, dayNumber(to, timeZone) - dayNumber(from, timeZone));
      return days === 0 ? t('unit.today') : words.count('unit.days', days);
    },
  };
  return words;
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

function supportedLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale.replace('_', '-')])[0];
  } catch {
    return undefined;
  }
}

function supportedZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** The calendar day an instant falls on in the zone, as a day count. */
function dayNumber(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone,
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS);
}
