import type { ZodType } from 'zod';

/*
 * Contract schemas for the forms, loaded when a form first needs them rather than with the page: zod and the
 * contracts weigh more than most pages, and no page needs them to show itself. The plain-language messages
 * (contracts/messages.ts) load with them, so the browser says what the API would.
 */

/** A contract schema on demand; each call after the first answers from the loaded module. */
export type Schema<T extends ZodType = ZodType> = () => Promise<T>;

const messages = () => import('../../../contracts/messages.js');

type SchemaName<M> = { [K in keyof M]: M[K] extends ZodType ? K : never }[keyof M];

/**
 * Names the schemas of one contract module (`load` is its dynamic import); `derive` makes the form's own
 * schema from the named one, such as a `.pick` of the fields the form has.
 */
function contract<M>(load: () => Promise<M>) {
  return <K extends SchemaName<M>, D extends ZodType = M[K] & ZodType>(name: K, derive?: (schema: M[K]) => D): Schema<D> => {
    let made: D | undefined;
    return () => Promise.all([messages(), load()]).then(([, m]) => (made ??= derive ? derive(m[name]) : (m[name] as D)));
  };
}

/**
 * The schema, or null when it cannot be fetched (a dropped connection, or a new release that replaced the files
 * this page came with). The form then goes straight to the API, which checks the same contract in the same words.
 */
export async function loaded<T extends ZodType>(schema: Schema<T> | undefined): Promise<T | null> {
  if (!schema) return null;
  try {
    return await schema();
  } catch (err) {
    console.warn('The form is sent without checking it first: its schema did not load.', err);
    return null;
  }
}

export const accountsSchema = contract(() => import('../../../contracts/accounts.js'));
export const applicationsSchema = contract(() => import('../../../contracts/applications.js'));
export const cpdSchema = contract(() => import('../../../contracts/cpd.js'));
export const cpdStandardsSchema = contract(() => import('../../../contracts/cpd-standards.js'));
export const portfolioSchema = contract(() => import('../../../contracts/portfolio.js'));
export const portfolioApiSchema = contract(() => import('../../../contracts/portfolio-api.js'));
export const credentialsConsoleSchema = contract(() => import('../../../contracts/credentials-console.js'));
