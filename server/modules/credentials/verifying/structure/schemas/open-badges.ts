// JSON Schemas (draft 2019-09) for the Open Badges 3.0 credentials, written here from the OB 3.0 data
// model (https://www.imsglobal.org/spec/ob/v3p0/#data-model): the required properties and their types,
// with extension properties allowed as the data model allows them. They answer for the schema URLs
// 1EdTech publishes, so a credential that declares one is checked offline, and they are what
// Guildhall's own badges are checked against in its tests.

export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const OB_ENDORSEMENT_CREDENTIAL_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';

type Schema = Record<string, unknown>;

/** A `type` that is one term or a set of terms including `term` (JSON-LD may compact a one-item set to a string). */
const typeIncluding = (term: string): Schema => ({
  type: ['string', 'array'],
  if: { type: 'string' },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords, never awaited
  then: { const: term },
  else: { items: { type: 'string' }, minItems: 1, contains: { const: term } },
});
const uri = { type: 'string', format: 'uri' };
const dateTime = { type: 'string', format: 'date-time' };
const text = { type: 'string' };
/** A string or VC 2.0 language value objects. */
const languageText = { anyOf: [text, { type: 'object', required: ['@value'], properties: { '@value': text } }, { type: 'array', items: { type: 'object', required: ['@value'] } }] };
const typed = { type: 'object', required: ['type'] };
const typedOrSet = { anyOf: [typed, { type: 'array', items: typed }] };

/** What both credentials share: the VC 2.0 envelope with OB 3.0's required id, name and validFrom. */
const defs: Schema = {
  Image: { type: 'object', required: ['id', 'type'], properties: { id: uri, type: { const: 'Image' }, caption: text } },
  Profile: {
    type: 'object',
    required: ['id', 'type'],
    properties: { id: uri, type: typeIncluding('Profile'), name: languageText, url: uri, email: text, image: { $ref: '#/$defs/Image' }, description: languageText },
  },
  IdentityObject: {
    type: 'object',
    required: ['type', 'hashed', 'identityHash', 'identityType'],
    properties: { type: { const: 'IdentityObject' }, hashed: { type: 'boolean' }, identityHash: text, identityType: text, salt: text },
  },
  Criteria: { type: 'object', anyOf: [{ required: ['id'] }, { required: ['narrative'] }], properties: { id: uri, narrative: text } },
  Alignment: { type: 'object', required: ['type', 'targetName', 'targetUrl'], properties: { type: typeIncluding('Alignment'), targetName: text, targetUrl: uri, targetCode: text, targetFramework: text, targetDescription: text, targetType: text } },
  Achievement: {
    type: 'object',
    required: ['id', 'type', 'criteria', 'description', 'name'],
    properties: {
      id: uri,
      type: typeIncluding('Achievement'),
      name: languageText,
      description: languageText,
      criteria: { $ref: '#/$defs/Criteria' },
      image: { $ref: '#/$defs/Image' },
      creator: { $ref: '#/$defs/Profile' },
      alignment: { type: 'array', items: { $ref: '#/$defs/Alignment' } },
      achievementType: text,
    },
  },
  AchievementSubject: {
    type: 'object',
    required: ['type', 'achievement'],
    anyOf: [{ required: ['id'] }, { required: ['identifier'], properties: { identifier: { minItems: 1 } } }],
    properties: {
      id: uri,
      type: typeIncluding('AchievementSubject'),
      identifier: { type: 'array', items: { $ref: '#/$defs/IdentityObject' } },
      achievement: { $ref: '#/$defs/Achievement' },
      activityStartDate: dateTime,
      activityEndDate: dateTime,
    },
  },
  EndorsementSubject: { type: 'object', required: ['id', 'type'], properties: { id: uri, type: typeIncluding('EndorsementSubject'), endorsementComment: text } },
};

const envelope = (credentialType: Schema, subject: string, id: string, title: string): Schema => ({
  $schema: 'https://json-schema.org/draft/2019-09/schema#',
  $id: id,
  title,
  type: 'object',
  required: ['@context', 'type', 'id', 'name', 'credentialSubject', 'issuer', 'validFrom'],
  properties: {
    '@context': { type: 'array', minItems: 2, items: { anyOf: [uri, { type: 'object' }] } },
    type: credentialType,
    id: uri,
    name: languageText,
    description: languageText,
    image: { $ref: '#/$defs/Image' },
    credentialSubject: { $ref: `#/$defs/${subject}` },
    issuer: { $ref: '#/$defs/Profile' },
    validFrom: dateTime,
    validUntil: dateTime,
    awardedDate: dateTime,
    credentialStatus: typedOrSet,
    credentialSchema: { anyOf: [{ type: 'object', required: ['id', 'type'] }, { type: 'array', items: { type: 'object', required: ['id', 'type'] } }] },
    evidence: typedOrSet,
    termsOfUse: typedOrSet,
    refreshService: typedOrSet,
    proof: { anyOf: [typed, { type: 'array', items: typed }] },
  },
  $defs: defs,
});

/** OB 3.0 AchievementCredential (also called OpenBadgeCredential). */
export const achievementCredentialSchema: Schema = envelope(
  { type: 'array', items: { type: 'string' }, allOf: [{ contains: { const: 'VerifiableCredential' } }, { contains: { enum: ['AchievementCredential', 'OpenBadgeCredential'] } }] },
  'AchievementSubject',
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  'Open Badges 3.0 AchievementCredential',
);

/** OB 3.0 EndorsementCredential. */
export const endorsementCredentialSchema: Schema = envelope(
  { type: 'array', items: { type: 'string' }, allOf: [{ contains: { const: 'VerifiableCredential' } }, { contains: { const: 'EndorsementCredential' } }] },
  'EndorsementSubject',
  OB_ENDORSEMENT_CREDENTIAL_SCHEMA_URL,
  'Open Badges 3.0 EndorsementCredential',
);

/** The schemas that ship with Guildhall, by the URL credentials declare them with. */
export const shippedSchemas = new Map<string, Schema>([
  [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, achievementCredentialSchema],
  [OB_ENDORSEMENT_CREDENTIAL_SCHEMA_URL, endorsementCredentialSchema],
]);
