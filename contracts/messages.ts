import { z } from 'zod';

/*
 * Plain-language messages for every zod check that has no message of its own, for the server's 400
 * answers and the web forms alike (both load this module). A schema's own message still wins; this
 * replaces zod's defaults such as "Invalid input: expected number, received NaN".
 */

const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

const formats: Record<string, string> = {
  email: 'Enter an e-mail address such as name@example.org',
  url: 'Enter a full web address such as https://example.org',
  uuid: 'Enter an id such as 0190a5b2-7c1e-7abc-8def-0123456789ab',
  guid: 'Enter an id such as 0190a5b2-7c1e-7abc-8def-0123456789ab',
  date: 'Enter a date as YYYY-MM-DD, such as 2024-03-31',
  datetime: 'Enter a date and time such as 2024-03-31T09:30:00Z',
  time: 'Enter a time such as 09:30',
};

/** The message for one zod issue, or undefined to keep the schema's own. */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const input = issue.input;
      if (input === undefined || input === null || input === '') return 'Fill this in';
      if (issue.expected === 'int' && typeof input === 'number' && Number.isFinite(input)) return 'Enter a whole number';
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint') return typeof input === 'number' ? 'Enter a number' : 'Enter a number, such as 3';
      if (issue.expected === 'boolean') return 'Choose yes or no';
      if (issue.expected === 'string') return 'Enter text';
      if (issue.expected === 'array') return 'Give a list';
      if (issue.expected === 'date') return 'Enter a date as YYYY-MM-DD';
      return 'This value is not of the kind expected here';
    }
    case 'too_small': {
      const min = issue.minimum as number | bigint;
      if (issue.origin === 'string') return Number(min) <= 1 ? 'Fill this in' : `Use at least ${count(min, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at least ${min}`;
      if (issue.origin === 'date') return 'This date is too early';
      return issue.inclusive ? `Enter ${min} or more` : `Enter more than ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum as number | bigint;
      if (issue.origin === 'string') return `Use at most ${count(max, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Give at most ${max}`;
      if (issue.origin === 'file') return 'This file is too large';
      if (issue.origin === 'date') return 'This date is too late';
      return issue.inclusive ? `Enter ${max} or less` : `Enter less than ${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return 'Check the format of this value';
      return formats[issue.format] ?? `Check the format of this value (${issue.format})`;
    case 'not_multiple_of':
      return `Enter a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `Use ${JSON.stringify(issue.values[0])}` : `Choose one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `Remove ${issue.keys.length === 1 ? `the field "${issue.keys[0]}"` : `the fields ${issue.keys.map((k) => `"${k}"`).join(', ')}`}: it is not accepted here`;
    case 'invalid_union':
      return 'Check this value: it is none of the forms accepted here';
    case 'invalid_key':
    case 'invalid_element':
      return 'Check the entries of this value';
    case 'custom':
      return 'Check this value';
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
