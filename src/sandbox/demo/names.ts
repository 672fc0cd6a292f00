import { pick } from './random.ts';

const FIRST = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Maya',
  'Noor',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'Okafor',
  'Lindqvist',
  'Martin',
  'Patel',
  'Rossi',
  'Nakamura',
  'García',
  'Schmidt',
  'Dubois',
  'Kowalski',
  'Haddad',
  'Byrne',
  'Silva',
  'Chen',
  'Novak',
];
const COMPANY = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Logistics',
  'Wayne Foods',
  'Hooli',
  'Vandelay Imports',
  'Soylent Labs',
  'Tyrell Systems',
  'Cyberdyne',
  'Wonka Retail',
];
const PLAN = ['Starter plan', 'Annual plan', 'Team licence', 'Enterprise rollout', 'Renewal', 'Add-on seats'];

export const demoCompany = (random: () => number) => pick(random, COMPANY);

/** A plausible B2B contact; `n` keeps emails unique. These values stay inside the stand-in: the service never reads them. */
export function demoPerson(random: () => number, n: number) {
  const firstname = pick(random, FIRST);
  const lastname = pick(random, LAST);
  const company = demoCompany(random);
  const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
  const email = `${firstname}.${lastname}.${n}@${domain}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return { firstname, lastname, company, email };
}

/** "Acme Corp – Annual plan" */
export const demoDealName = (random: () => number, company: string) => `${company} – ${pick(random, PLAN)}`;
