// The structural rules every credential is held to before its signature is checked, as one list of
// problems, each naming the failing property's path and the rule it breaks: the VC data model's MUSTs
// (2.0, or 1.1 for a credential whose first context is 1.1's) and, for an Open Badges 3.0 achievement
// credential, the OB 3.0 data model's required properties and their types
// (https://www.imsglobal.org/spec/ob/v3p0/#achievementcredential). Pure functions.
import {
  credentialProblems,
  credentialProblemsV11,
  isDateTimeStamp,
  isObject,
  isUrl,
  type ModelProblem,
  typeProblems,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from './vc-model.rules.js';

export type { ModelProblem } from './vc-model.rules.js';
type Json = Record<string, unknown>;

export const OB_CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
/** Every published OB 3.0 context (context.json, context-3.0.1.json, ...) starts so. */
const OB_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/context';

const many = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';

/** Whether the credential says it is an Open Badges 3.0 achievement credential. */
export const isOpenBadge = (c: Json): boolean => many(c['type']).some((t) => OB_CREDENTIAL_TYPES.includes(t as string));

/** An optional OB 3.0 Image: an object with an id (URI) and type Image. */
function imageProblems(value: unknown, path: string): ModelProblem[] {
  if (value === undefined) return [];
  if (!isObject(value)) return [{ property: path, rule: 'an image MUST be an Image object with an id and type Image' }];
  const out: ModelProblem[] = [];
  if (!isUrl(value['id'])) out.push({ property: `${path}.id`, rule: 'an image id MUST be a URI' });
  if (value['type'] !== 'Image' && !many(value['type']).includes('Image')) out.push({ property: `${path}.type`, rule: 'an image type MUST be Image' });
  return out;
}

/** OB 3.0 Profile: the issuer as an object with an id (URI) and a type that includes Profile. */
function profileProblems(issuer: unknown): ModelProblem[] {
  if (issuer === undefined) return []; // named by the VC rules
  if (!isObject(issuer)) return [{ property: 'issuer', rule: 'an Open Badges issuer MUST be a Profile object with an id and type Profile, not only a URI' }];
  return [
    ...(isUrl(issuer['id']) ? [] : [{ property: 'issuer.id', rule: 'issuer.id must be a URI' }]),
    ...typeProblems(issuer['type'], 'issuer.type', 'Profile'),
    ...imageProblems(issuer['image'], 'issuer.image'),
  ];
}

/** OB 3.0 IdentityObject: how a subject without an id is named. */
function identifierProblems(value: unknown, path: string): ModelProblem[] {
  return many(value).flatMap((item, i): ModelProblem[] => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path;
    if (!isObject(item)) return [{ property: at, rule: 'each identifier MUST be an IdentityObject' }];
    const out: ModelProblem[] = [];
    if (item['type'] !== 'IdentityObject') out.push({ property: `${at}.type`, rule: 'an identifier type MUST be IdentityObject' });
    if (typeof item['hashed'] !== 'boolean') out.push({ property: `${at}.hashed`, rule: 'hashed is required and MUST be true or false' });
    if (!isText(item['identityHash'])) out.push({ property: `${at}.identityHash`, rule: 'identityHash is required and MUST be a string' });
    if (!isText(item['identityType'])) out.push({ property: `${at}.identityType`, rule: 'identityType is required and MUST be a string' });
    if (item['salt'] !== undefined && typeof item['salt'] !== 'string') out.push({ property: `${at}.salt`, rule: 'salt, when present, MUST be a string' });
    return out;
  });
}

/** OB 3.0 Achievement: id, type Achievement, name, description, criteria (an id or a narrative). */
function achievementProblems(a: unknown, path: string): ModelProblem[] {
  if (a === undefined) return [{ property: path, rule: 'achievement is required in an Open Badges credential subject' }];
  if (!isObject(a)) return [{ property: path, rule: 'achievement MUST be an Achievement object' }];
  const out: ModelProblem[] = [];
  if (!isUrl(a['id'])) out.push({ property: `${path}.id`, rule: 'an achievement id is required and MUST be a URI' });
  out.push(...typeProblems(a['type'], `${path}.type`, 'Achievement'));
  if (!isText(a['name'])) out.push({ property: `${path}.name`, rule: 'an achievement name is required and MUST be a string' });
  if (!isText(a['description'])) out.push({ property: `${path}.description`, rule: 'an achievement description is required and MUST be a string' });
  const criteria = a['criteria'];
  if (!isObject(criteria)) out.push({ property: `${path}.criteria`, rule: 'criteria is required and MUST be a Criteria object' });
  else {
    if (criteria['id'] === undefined && criteria['narrative'] === undefined) out.push({ property: `${path}.criteria`, rule: 'criteria MUST have an id or a narrative' });
    if (criteria['id'] !== undefined && !isUrl(criteria['id'])) out.push({ property: `${path}.criteria.id`, rule: 'a criteria id MUST be a URI' });
    if (criteria['narrative'] !== undefined && typeof criteria['narrative'] !== 'string') out.push({ property: `${path}.criteria.narrative`, rule: 'a criteria narrative MUST be a string' });
  }
  out.push(...imageProblems(a['image'], `${path}.image`));
  return out;
}

/** OB 3.0 AchievementSubject: one object, type AchievementSubject, an id or an identifier, and the achievement. */
function achievementSubjectProblems(subject: unknown): ModelProblem[] {
  if (subject === undefined) return []; // named by the VC rules
  if (!isObject(subject)) return [{ property: 'credentialSubject', rule: 'an Open Badges credential has one credentialSubject, an AchievementSubject object' }];
  const out: ModelProblem[] = [...typeProblems(subject['type'], 'credentialSubject.type', 'AchievementSubject')];
  if (subject['id'] === undefined && many(subject['identifier']).length === 0) out.push({ property: 'credentialSubject', rule: 'the subject MUST have an id or an identifier (IdentityObject)' });
  if (subject['identifier'] !== undefined) out.push(...identifierProblems(subject['identifier'], 'credentialSubject.identifier'));
  out.push(...achievementProblems(subject['achievement'], 'credentialSubject.achievement'));
  return out;
}

/** The Open Badges 3.0 rules of an OpenBadgeCredential / AchievementCredential, beyond the VC ones. */
export function openBadgeProblems(c: Json): ModelProblem[] {
  const out: ModelProblem[] = [];
  const v2 = many(c['@context'])[0] === VC_V2_CONTEXT;
  if (!many(c['@context']).some((x) => typeof x === 'string' && x.startsWith(OB_CONTEXT_PREFIX))) out.push({ property: '@context', rule: `@context MUST include the Open Badges 3.0 context (${OB_CONTEXT_PREFIX}-3.0.3.json or another version)` });
  if (!isUrl(c['id'])) out.push({ property: 'id', rule: 'an Open Badges credential id is required and MUST be a URI' });
  if (!isText(c['name'])) out.push({ property: 'name', rule: 'an Open Badges credential name is required and MUST be a string' });
  if (v2 && c['validFrom'] === undefined) out.push({ property: 'validFrom', rule: 'validFrom is required in an Open Badges 3.0 credential' });
  if (c['awardedDate'] !== undefined && !isDateTimeStamp(c['awardedDate'])) out.push({ property: 'awardedDate', rule: 'awardedDate MUST be a date-time with a time zone' });
  out.push(...profileProblems(c['issuer']), ...achievementSubjectProblems(c['credentialSubject']), ...imageProblems(c['image'], 'image'));
  return out;
}

/** The VC data model's MUSTs for the version the first @context names (2.0 when it names neither). */
function vcProblems(c: Json): ModelProblem[] {
  const first = many(c['@context'])[0];
  if (first === VC_V1_CONTEXT) return credentialProblemsV11(c);
  const problems = credentialProblems(c);
  if (first === VC_V2_CONTEXT || c['@context'] === undefined) return problems;
  return problems.map((p) => (p.property === '@context' ? { property: '@context', rule: `the first @context MUST be ${VC_V2_CONTEXT} (VC 2.0) or ${VC_V1_CONTEXT} (VC 1.1)` } : p));
}

/** Every structural rule the credential breaks, VC's first, then Open Badges 3.0's; [] when it is well formed. */
export function structureProblems(credential: unknown): ModelProblem[] {
  if (!isObject(credential)) return [{ property: 'credential', rule: 'a credential MUST be a JSON object' }];
  const problems = vcProblems(credential);
  if (!isOpenBadge(credential)) return problems;
  // The same property broken twice (issuer.id by both models, say) is named once.
  const seen = new Set(problems.map((p) => p.property));
  return [...problems, ...openBadgeProblems(credential).filter((p) => !seen.has(p.property))];
}
