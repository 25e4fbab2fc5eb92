import { describe, expect, it } from 'vitest';
import { anyStartsWith, byteLess, checkAnswer, decodeCursor, encodeCursor, fold, nameTokens, planNameQuery, prefixEnd, sortName, words } from './register.rules.js';

describe('register name rules', () => {
  it('folds case and accents, including letters decomposition leaves alone', () => {
    expect(fold('Müller')).toBe('muller');
    expect(fold('ÉLODIE Łukasz Strauß Ørsted İnci')).toBe('elodie lukasz strauss orsted inci');
    expect(fold('Nguyễn')).toBe('nguyen');
  });

  it('splits names into words, closing up apostrophes and splitting hyphens', () => {
    expect(words("Seán O'Brien")).toEqual(['sean', 'obrien']);
    expect(words('Anne-Marie  Smith-Jones, Jr.')).toEqual(['anne', 'marie', 'smith', 'jones', 'jr']);
    expect(words('  ')).toEqual([]);
    expect(words('李 小龍')).toEqual(['李', '小龍']);
  });

  it('indexes the part after an apostrophe as a word of its own', () => {
    expect(nameTokens("Luca D’Angelo")).toEqual(['luca', 'dangelo', 'angelo']);
    expect(nameTokens("Mary O'Brien")).toEqual(['mary', 'obrien', 'brien']);
    expect(nameTokens('a b c d e f g h i j k l m n')).toHaveLength(12);
    expect(sortName("  Émile  d'Arc ")).toBe('emile darc');
  });

  it('plans a query: the longest word leads, the rest filter', () => {
    expect(planNameQuery("o'br")).toEqual({ lead: 'obr', others: [] });
    expect(planNameQuery('Anna MÜL')).toEqual({ lead: 'anna', others: ['mul'] });
    expect(planNameQuery("' - '")).toBeNull();
  });

  it('turns a prefix into a half-open range that holds exactly the words starting with it', () => {
    expect(prefixEnd('mull')).toBe('mulm');
    expect(prefixEnd('z')).toBe('{');
    const words = ['mul', 'mull', 'muller', 'mullins', 'mulm', 'mulla\u{10348}', 'mulk'];
    const end = prefixEnd('mull');
    expect(words.filter((w) => !byteLess(w, 'mull') && byteLess(w, end))).toEqual(['mull', 'muller', 'mullins', 'mulla\u{10348}']);
    expect(() => prefixEnd('')).toThrow();
    expect(anyStartsWith(['anna', 'muller'], 'mu')).toBe(true);
    expect(anyStartsWith(['anna', 'muller'], 'nn')).toBe(false);
  });

  it('orders by code point as the database does, not by UTF-16 units', () => {
    expect(byteLess('\u{1F600}', '\uFF21')).toBe(false);
    expect('\u{1F600}' < '\uFF21').toBe(true);
    expect(byteLess('abc', 'abd')).toBe(true);
  });

  it('round-trips a cursor and refuses one from another search or a damaged one', () => {
    const c = { token: 'muller', sortName: 'anna muller', holderId: '0190a5b2-7c1e-7abc-8def-0123456789ab' };
    const s = encodeCursor('name', c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('name', s)).toEqual(c);
    expect(decodeCursor('level', s)).toBeNull();
    expect(decodeCursor('name', 'not-a-cursor')).toBeNull();
    expect(decodeCursor('level', encodeCursor('level', { sortName: 'a', holderId: 'b' }))).toEqual({ sortName: 'a', holderId: 'b' });
  });
});

describe('what an employer check says', () => {
  const facts = { id: 'c1', levelId: 'member', levelName: 'Member', postNominals: 'MITSMG', awardedAt: '2025-01-01', reviewAt: '2028-01-01', status: 'suspended' as const, holderName: 'Anna Müller' };
  it('names a listed holder, and only a listed one, but confirms the credential either way', () => {
    expect(checkAnswer('c1', { ...facts, listed: true })).toMatchObject({ found: true, listed: true, holderName: 'Anna Müller', status: 'suspended', url: '/credentials/c1' });
    const unlisted = checkAnswer('c1', { ...facts, listed: false });
    expect(unlisted).toMatchObject({ found: true, listed: false, holderName: null, levelName: 'Member', status: 'suspended', reviewAt: '2028-01-01' });
    expect(JSON.stringify(unlisted)).not.toContain('Müller');
    expect(checkAnswer('c2', undefined)).toEqual({ credentialId: 'c2', found: false });
  });
});
