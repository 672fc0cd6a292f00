import { pick } from './random.ts';

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST = ['Okafor', 'Lindqvist', 'Martin', 'Patel', 'Rossi', 'Nakamura', 'García', 'Schmidt', 'Dubois', 'Kowalski', 'Haddad', 'Byrne', 'Silva', 'Chen', 'Novak'];
const COMPANY = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports', 'Soylent Labs', 'Tyrell Systems', 'Cyberdyne', 'Wonka Retail'];
const PLAN = ['Starter plan', 'Annual plan', 'Team licence', 'Enterprise rollout', 'Renewal', 'Add-on seats'];

/** A plausible B2B contact (these stay inside the stand-in: the service never reads them). */
export function demoPerson(random: () => number, n: number) {
  const firstname = pick(random, FIRST);
  const lastname = pick(random, LAST);
  const company = pick(random, COMPANY);
  const domain = company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  return { firstname, lastname, company, email: `${firstname}.${lastname}.${n}@${domain}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '') };
}

export const demoDealName = (random: () => number, company: string) => `${company} – ${pick(random, PLAN)}`;
