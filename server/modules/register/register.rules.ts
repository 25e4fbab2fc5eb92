// Pure rules of the public register: how names become search words, how a query becomes a range of
// them, the paging cursor, and what an employer's check may say about a holder.

/** Letters that Unicode decomposition leaves alone but people type without their mark. */
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't' };
const APOSTROPHES = /['’ʼ`´‘]/g;
const SEPARATORS = /[\s\-‐‑–—.,;:/\\()[\]{}"“”+&_|]+/;

/** Lower case without accents: "Müller" → "muller", "Łukasz" → "lukasz", "Strauß" → "strauss". */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıħŧ]/g, (c) => FOLD[c] ?? c);
}

/** The words of a name or query, folded, apostrophes closed up ("O'Brien" → "obrien"), other marks dropped. */
export function words(s: string): string[] {
  return fold(s)
    .split(SEPARATORS)
    .map((w) => w.replace(APOSTROPHES, '').replace(/[^\p{L}\p{N}]+/gu, ''))
    .filter(Boolean);
}

/**
 * The search words of a name: every word, and for a word with an apostrophe also the part after it
 * ("D'Angelo" is found by "dang" and by "ang"). At most 12, so a pasted paragraph stays small.
 */
export function nameTokens(name: string): string[] {
  const out = new Set<string>(words(name));
  for (const raw of fold(name).split(SEPARATORS)) {
    const parts = raw.split(APOSTROPHES).map((p) => p.replace(/[^\p{L}\p{N}]+/gu, ''));
    for (const part of parts.slice(1)) if (part.length >= 2) out.add(part);
  }
  return [...out].slice(0, 12);
}

/** The key the register sorts by: the folded words in order, so "Ábel" sorts beside "Abel". */
export const sortName = (name: string): string => words(name).join(' ') || fold(name).trim();

/** The exclusive upper end of the range of words starting with `prefix` (next code point at the end). */
export function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop();
  if (last === undefined) throw new Error('An empty prefix has no range');
  return chars.join('') + String.fromCodePoint((last.codePointAt(0) as number) + 1);
}

/** Code-point order (as the database's byte order sees UTF-8), not JavaScript's UTF-16 order. */
export const byteLess = (a: string, b: string): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;

/** True when some word of `tokens` starts with `prefix`. */
export const anyStartsWith = (tokens: readonly string[], prefix: string): boolean => tokens.some((t) => t.startsWith(prefix));

/**
 * A name query as search words: the longest word drives the index range (fewest rows), the others
 * must each start some other word of the holder's name. At most four words are used.
 */
export function planNameQuery(q: string): { lead: string; others: string[] } | null {
  const ws = [...new Set(words(q))].slice(0, 4);
  if (!ws.length) return null;
  const lead = ws.reduce((a, b) => (b.length > a.length ? b : a));
  return { lead, others: ws.filter((w) => w !== lead) };
}

/** The place after the last row of a page, in the order of the index that page was read from. */
export type Cursor = { token?: string; sortName: string; holderId: string };

/** The cursor as an opaque URL-safe string; the query kind is inside so a cursor is not reused across searches. */
export function encodeCursor(kind: string, c: Cursor): string {
  return Buffer.from(JSON.stringify([kind, c.token ?? null, c.sortName, c.holderId]), 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, s: string): Cursor | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 4 || v[0] !== kind) return null;
    const [, token, sort, holder] = v;
    if ((token !== null && typeof token !== 'string') || typeof sort !== 'string' || typeof holder !== 'string') return null;
    return token === null ? { sortName: sort, holderId: holder } : { token, sortName: sort, holderId: holder };
  } catch {
    return null;
  }
}

export type CredentialFacts = {
  id: string;
  levelId: string;
  levelName: string;
  postNominals: string | null;
  awardedAt: string;
  reviewAt: string;
  status: 'active' | 'suspended' | 'lapsed' | 'revoked';
};

/**
 * What an employer's check says about one credential. The id is what the holder shared, so the
 * credential itself (level, status, dates) is confirmed whether or not they are listed: that is
 * verification, and a suspended, lapsed or revoked status must show. The holder's name is said only
 * when they chose to be listed in the public register; otherwise the employer matches the person
 * through the credential or verification link they were given, which carries the name. The e-mail
 * address is never part of an answer.
 */
export function checkAnswer(credentialId: string, c: (CredentialFacts & { holderName: string; listed: boolean }) | undefined) {
  if (!c) return { credentialId, found: false as const };
  return {
    credentialId,
    found: true as const,
    listed: c.listed,
    holderName: c.listed ? c.holderName : null,
    levelId: c.levelId,
    levelName: c.levelName,
    postNominals: c.postNominals,
    status: c.status,
    awardedAt: c.awardedAt,
    reviewAt: c.reviewAt,
    url: credentialUrl(credentialId),
  };
}

/** The public page of a credential. */
export const credentialUrl = (id: string): string => `/credentials/${id}`;
