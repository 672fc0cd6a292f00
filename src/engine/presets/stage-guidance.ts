import type { Guidance } from '@journey-stages/contract/stage-model';

/**
 * What customers do at each preset stage, how a team helps them on, and what tells whether
 * it works (docs/api.md). Our own wording; the presets share stage ids, so one text per id.
 */
export const stageGuidance = {
  awareness: {
    doing: [
      'Notices a problem and looks around for ways to solve it',
      'Comes across the brand through search, social posts, ads or a referral',
    ],
    help: [
      'Publish useful content that answers the questions they search for',
      'Make the first contact easy: a clear offer, a short form, a newsletter',
    ],
    metrics: ['New contacts per month and their sources', 'Share of new contacts who engage again within 30 days'],
  },
  interest: {
    doing: ['Reads emails, downloads material, fills in forms', 'Compares a few options and builds a short list'],
    help: [
      'Follow up on what they showed interest in, with relevant content',
      'Offer a webinar, a guide or a short call to answer first questions',
    ],
    metrics: ['Email click and form conversion rates', 'Leads that become sales-qualified, and how fast'],
  },
  consideration: {
    doing: [
      'Evaluates the offer against alternatives and their own needs',
      'Asks questions, requests a demo or a quote',
    ],
    help: [
      'Answer questions quickly and show how the product fits their case',
      'Share comparisons, case studies and prices openly',
    ],
    metrics: ['Share of contacts moving on to a deal or purchase', 'Median days spent in this stage'],
  },
  decision: {
    doing: [
      'Brings in the people who sign off and checks budget and terms',
      'Weighs the risk of changing against the benefit',
    ],
    help: [
      'Give a clear proposal with next steps and dates',
      'Remove blockers: references, a trial, answers on security and contracts',
    ],
    metrics: ['Win rate of deals at this stage', 'Days from proposal to close'],
  },
  purchase: {
    doing: ['Signs, pays and waits for what was bought', 'Checks whether the first experience matches the promise'],
    help: ['Make onboarding quick, with a named contact and a clear plan', 'Confirm what happens next and when'],
    metrics: ['Time from purchase to first value', 'Satisfaction (CSAT) right after the purchase'],
  },
  adoption: {
    doing: ['Starts to use the product in daily work', 'Finds out which features matter to them'],
    help: ['Train the users and check in after the first weeks', 'Point out features that solve their next problem'],
    metrics: ['Active use and support tickets in the first 90 days', 'Customer effort (CES) when asking for help'],
  },
  use: {
    doing: [
      'Uses what was bought and forms a lasting opinion of it',
      'Contacts support when something gets in the way',
    ],
    help: ['Solve support requests fast and learn from them', 'Share tips and check in before problems grow'],
    metrics: ['Support tickets and time to resolve them', 'Customer effort (CES) and satisfaction (CSAT) answers'],
  },
  retention: {
    doing: [
      'Keeps using the product and decides whether to renew or buy again',
      'Notices how well problems are handled',
    ],
    help: [
      'Review results with them and plan the next step together',
      'Reach out early when use or satisfaction drops',
    ],
    metrics: ['Renewal and repeat purchase rates', 'Contacts who fall back to an earlier stage'],
  },
  loyalty: {
    doing: ['Buys again or stays on for a long time', 'Trusts the brand enough to try new offers'],
    help: ['Thank them and reward their loyalty', 'Ask for feedback and act on it visibly'],
    metrics: ['Repeat purchases and customer lifetime value', 'NPS answers of long-standing customers'],
  },
  advocacy: {
    doing: ['Recommends the brand to others, in reviews or in person', 'Answers surveys with high scores'],
    help: [
      'Invite them to reviews, case studies or a referral programme',
      'Keep them close: early access, a community, direct contact',
    ],
    metrics: ['NPS and the share of promoters', 'Referrals and reviews per month'],
  },
} satisfies Record<string, Guidance>;
