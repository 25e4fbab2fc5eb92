// The MUSTs of the W3C Verifiable Credentials Data Model 2.0 that can be checked on the JSON alone,
// without expanding it: each problem names the property and the rule it breaks, in the spec's words
// where it has them (https://www.w3.org/TR/vc-data-model-2.0/). Pure; used to refuse an issue
// request and, for presentations, before any signature is checked.

export type ModelProblem = { property: string; rule: string };
type Json = Record<string, unknown>;

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const many = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);

/** A URL in the URL Standard's sense, as the data model asks for ids: absolute, with a scheme (https:, did:, urn:, ...). */
export function isUrl(x: unknown): x is string {
  if (typeof x !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(x)) return false;
  try {
    new URL(x);
    return true;
  } catch {
    return false;
  }
}

/** An XML Schema dateTimeStamp: a date-time with its timezone (Z or ±hh:mm), a real calendar date. */
export function isDateTimeStamp(x: unknown): x is string {
  if (typeof x !== 'string') return false;
  const m = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-](\d\d):(\d\d))$/.exec(x);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const zoneOk = m[9] === undefined || (Number(m[9]) <= 14 && Number(m[10]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn && hour < 24 && minute < 60 && second < 60 && zoneOk;
}

/** A type value: one term or URL, or a non-empty set of them. */
export function typeProblems(value: unknown, property: string, must?: string): ModelProblem[] {
  if (value === undefined) return [{ property, rule: must ? `type is required and MUST include ${must}` : 'type is required' }];
  const values = many(value);
  if (values.length === 0) return [{ property, rule: 'type MUST have at least one value' }];
  if (!values.every((t) => typeof t === 'string' && t !== '' && !/\s/.test(t))) return [{ property, rule: 'each type value MUST be a term or a URL (a string without spaces)' }];
  if (must && !values.includes(must)) return [{ property, rule: `type MUST include ${must}` }];
  return [];
}

/** An optional id: when present, a single URL. */
export function idProblems(obj: Json, property: string): ModelProblem[] {
  if (!('id' in obj)) return [];
  return isUrl(obj['id']) ? [] : [{ property: `${property}.id`, rule: 'id, when present, MUST be a single URL' }];
}

/** The @context: present, an ordered set whose first item is the VC 2.0 context (or 1.1's), then URLs or objects. */
function contextProblems(value: unknown, first = VC_V2_CONTEXT): ModelProblem[] {
  if (value === undefined) return [{ property: '@context', rule: '@context is required' }];
  const items = many(value);
  if (!Array.isArray(value) || items[0] !== first) return [{ property: '@context', rule: `@context MUST be an ordered set whose first item is ${first}` }];
  const bad = items.findIndex((c, i) => i > 0 && !isUrl(c) && !isObject(c));
  return bad === -1 ? [] : [{ property: `@context[${bad}]`, rule: 'each further @context item MUST be a URL or an object' }];
}

/** name and description: a string, a language value object, or a set of language value objects. */
function languageValueProblems(obj: Json, key: 'name' | 'description', property: string): ModelProblem[] {
  if (!(key in obj)) return [];
  const value = obj[key];
  if (typeof value === 'string') return [];
  const ok = many(value).every((v) => isObject(v) && typeof v['@value'] === 'string' && Object.keys(v).every((k) => ['@value', '@language', '@direction'].includes(k)));
  return ok ? [] : [{ property: `${property}.${key}`, rule: `${key} MUST be a string or language value objects ({"@value", "@language", "@direction"})` }];
}

/**
 * Properties whose every object MUST carry a type (credentialStatus, evidence, ...), and those that
 * also need an id (credentialSchema). An id, when present, is a URL.
 */
function typedObjectsProblems(credential: Json, key: string, needsId: boolean): ModelProblem[] {
  if (!(key in credential)) return [];
  const items = many(credential[key]);
  if (items.length === 0) return [{ property: key, rule: `${key}, when present, MUST have at least one object` }];
  return items.flatMap((item, i): ModelProblem[] => {
    const at = Array.isArray(credential[key]) ? `${key}[${i}]` : key;
    if (!isObject(item)) return [{ property: at, rule: `each ${key} value MUST be an object` }];
    const out = typeProblems(item['type'], `${at}.type`);
    if (needsId && !isUrl(item['id'])) out.push({ property: `${at}.id`, rule: `each ${key} object MUST have an id that is a URL` });
    else if (!needsId) out.push(...idProblems(item, at));
    return out;
  });
}

/** relatedResource: each object MUST have an id (URL) and a digestSRI or digestMultibase. */
function relatedResourceProblems(credential: Json): ModelProblem[] {
  if (!('relatedResource' in credential)) return [];
  return many(credential['relatedResource']).flatMap((item, i): ModelProblem[] => {
    const at = `relatedResource[${i}]`;
    if (!isObject(item)) return [{ property: at, rule: 'each relatedResource value MUST be an object' }];
    const out: ModelProblem[] = [];
    if (!isUrl(item['id'])) out.push({ property: `${at}.id`, rule: 'each relatedResource object MUST have an id that is a URL' });
    if (item['digestSRI'] === undefined && item['digestMultibase'] === undefined) out.push({ property: at, rule: 'each relatedResource object MUST have digestSRI or digestMultibase' });
    return out;
  });
}

function issuerProblems(issuer: unknown): ModelProblem[] {
  if (issuer === undefined) return [{ property: 'issuer', rule: 'issuer is required' }];
  if (typeof issuer === 'string') return isUrl(issuer) ? [] : [{ property: 'issuer', rule: 'issuer MUST be a URL or an object with an id that is a URL' }];
  if (!isObject(issuer)) return [{ property: 'issuer', rule: 'issuer MUST be a URL or an object with an id that is a URL' }];
  if (!isUrl(issuer['id'])) return [{ property: 'issuer.id', rule: 'an issuer object MUST have an id that is a URL' }];
  return [...languageValueProblems(issuer, 'name', 'issuer'), ...languageValueProblems(issuer, 'description', 'issuer')];
}

function subjectProblems(subject: unknown): ModelProblem[] {
  if (subject === undefined) return [{ property: 'credentialSubject', rule: 'credentialSubject is required' }];
  const items = many(subject);
  if (items.length === 0) return [{ property: 'credentialSubject', rule: 'credentialSubject MUST have at least one object' }];
  return items.flatMap((item, i): ModelProblem[] => {
    const at = Array.isArray(subject) ? `credentialSubject[${i}]` : 'credentialSubject';
    if (!isObject(item)) return [{ property: at, rule: 'each credentialSubject value MUST be an object (a set of claims)' }];
    if (Object.keys(item).length === 0) return [{ property: at, rule: 'a credentialSubject object MUST contain at least one property' }];
    return idProblems(item, at);
  });
}

function dateProblems(c: Json): ModelProblem[] {
  const out: ModelProblem[] = [];
  for (const key of ['validFrom', 'validUntil'] as const) {
    if (key in c && !isDateTimeStamp(c[key])) out.push({ property: key, rule: `${key} MUST be an XML Schema dateTimeStamp with a timezone, such as 2026-05-01T10:00:00Z` });
  }
  if (!out.length && isDateTimeStamp(c['validFrom']) && isDateTimeStamp(c['validUntil']) && Date.parse(c['validFrom']) > Date.parse(c['validUntil'])) {
    out.push({ property: 'validUntil', rule: 'validFrom MUST be the same as or earlier than validUntil' });
  }
  return out;
}

/**
 * Every structural MUST a credential breaks. With `forIssue`, the credential is a request to sign,
 * so it MUST NOT carry a proof already (VC-API issue: the issuer adds the proof).
 */
export function credentialProblems(credential: unknown, options: { forIssue?: boolean } = {}): ModelProblem[] {
  if (!isObject(credential)) return [{ property: 'credential', rule: 'a credential MUST be a JSON object' }];
  const c = credential;
  const out = [
    ...contextProblems(c['@context']),
    ...idProblems(c, 'credential').map((p) => ({ ...p, property: 'id' })),
    ...typeProblems(c['type'], 'type', 'VerifiableCredential'),
    ...issuerProblems(c['issuer']),
    ...subjectProblems(c['credentialSubject']),
    ...dateProblems(c),
    ...languageValueProblems(c, 'name', 'credential').map((p) => ({ ...p, property: 'name' })),
    ...languageValueProblems(c, 'description', 'credential').map((p) => ({ ...p, property: 'description' })),
    ...typedObjectsProblems(c, 'credentialStatus', false),
    ...typedObjectsProblems(c, 'credentialSchema', true),
    ...typedObjectsProblems(c, 'evidence', false),
    ...typedObjectsProblems(c, 'termsOfUse', false),
    ...typedObjectsProblems(c, 'refreshService', false),
    ...relatedResourceProblems(c),
  ];
  if (options.forIssue && 'proof' in c) out.push({ property: 'proof', rule: 'a credential sent to be issued MUST NOT already have a proof' });
  return out;
}

/** An XML Schema dateTime (VC 1.1's issuanceDate and expirationDate): as a dateTimeStamp, the time zone optional. */
export const isDateTime = (x: unknown): x is string => typeof x === 'string' && (isDateTimeStamp(x) || isDateTimeStamp(`${x}Z`));

/**
 * The MUSTs of the Verifiable Credentials Data Model 1.1 (https://www.w3.org/TR/vc-data-model-1.1/),
 * for credentials issued before 2.0: issuanceDate instead of validFrom, and a status, schema or
 * refresh service needs an id as well as a type.
 */
export function credentialProblemsV11(credential: unknown): ModelProblem[] {
  if (!isObject(credential)) return [{ property: 'credential', rule: 'a credential MUST be a JSON object' }];
  const c = credential;
  const dates = (['issuanceDate', 'expirationDate'] as const).flatMap((key): ModelProblem[] => {
    if (key === 'issuanceDate' && c[key] === undefined) return [{ property: key, rule: 'issuanceDate is required' }];
    return c[key] !== undefined && !isDateTime(c[key]) ? [{ property: key, rule: `${key} MUST be an XML Schema dateTime, such as 2026-05-01T10:00:00Z` }] : [];
  });
  return [
    ...contextProblems(c['@context'], VC_V1_CONTEXT),
    ...idProblems(c, 'credential').map((p) => ({ ...p, property: 'id' })),
    ...typeProblems(c['type'], 'type', 'VerifiableCredential'),
    ...issuerProblems(c['issuer']),
    ...subjectProblems(c['credentialSubject']),
    ...dates,
    ...typedObjectsProblems(c, 'credentialStatus', true),
    ...typedObjectsProblems(c, 'credentialSchema', true),
    ...typedObjectsProblems(c, 'evidence', false),
    ...typedObjectsProblems(c, 'termsOfUse', false),
    ...typedObjectsProblems(c, 'refreshService', true),
  ];
}

/** The structural MUSTs of a verifiable presentation (its credentials are checked on their own). */
export function presentationProblems(presentation: unknown): ModelProblem[] {
  if (!isObject(presentation)) return [{ property: 'presentation', rule: 'a presentation MUST be a JSON object' }];
  const p = presentation;
  const out = [...contextProblems(p['@context']), ...idProblems(p, 'presentation').map((x) => ({ ...x, property: 'id' })), ...typeProblems(p['type'], 'type', 'VerifiablePresentation')];
  const holder = p['holder'];
  if (holder !== undefined && !isUrl(holder) && !(isObject(holder) && isUrl(holder['id']))) out.push({ property: 'holder', rule: 'holder, when present, MUST be a URL or an object with an id that is a URL' });
  if ('verifiableCredential' in p) {
    many(p['verifiableCredential']).forEach((vc, i) => {
      if (!isObject(vc) && typeof vc !== 'string') out.push({ property: `verifiableCredential[${i}]`, rule: 'each verifiableCredential MUST be a verifiable credential (an object, or a VC-JWT string)' });
    });
  }
  return out;
}

/** One sentence listing the problems, for an error message. */
export const describeProblems = (problems: ModelProblem[]): string => problems.map((p) => `${p.property}: ${p.rule}`).join('; ');
