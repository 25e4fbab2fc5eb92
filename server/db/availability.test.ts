import { describe, expect, it } from 'vitest';
import { connectionProblem, databaseAddress, isConnectionFailure, isDatabaseUnavailable, markIfUnavailable } from './availability.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionFailure', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    ['reset', withCode('ECONNRESET'), true],
    ['timed out', withCode('ETIMEDOUT'), true],
    ['admin shutdown', withCode('57P01', 'terminating connection due to administrator command'), true],
    ['crash shutdown', withCode('57P02'), true],
    ['starting up', withCode('57P03', 'the database system is starting up'), true],
    ['too many connections', withCode('53300'), true],
    ['connection exception class 08', withCode('08006', 'connection failure'), true],
    ['08P01 protocol violation', withCode('08P01'), true],
    ['pool timeout', new Error('timeout exceeded when trying to connect'), true],
    ['terminated', new Error('Connection terminated unexpectedly'), true],
    ['not queryable', new Error('Client has encountered a connection error and is not queryable'), true],
    ['wrapped in a cause', new Error('Migration 0001 failed', { cause: withCode('ECONNREFUSED') }), true],
    ['an AggregateError of refusals (localhost on IPv4 and IPv6)', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), {}), true],
    ['unique violation', withCode('23505', 'duplicate key value'), false],
    ['syntax error', withCode('42601'), false],
    ['serialization failure', withCode('40001'), false],
    ['SQLite busy', withCode('SQLITE_BUSY', 'database is locked'), false],
    ['a plain bug', new TypeError('cannot read properties of undefined'), false],
    ['a coded error whose message looks like pg’s', withCode('23505', 'Connection terminated'), false],
    ['nothing', undefined, false],
    ['a string', 'ECONNREFUSED', false],
  ])('%s → %s', (_name, err, expected) => {
    expect(isConnectionFailure(err)).toBe(expected);
  });

  it('does not follow a cause chain forever', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isConnectionFailure(a)).toBe(false);
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe('isDatabaseUnavailable', () => {
  it('is true only for connection failures marked by the database driver, also when wrapped', () => {
    const refused = withCode('ECONNREFUSED');
    // The same code out of a remote fetch or an SMTP connection is not the database.
    expect(isDatabaseUnavailable(refused)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }))).toBe(false);
    expect(markIfUnavailable(refused)).toBe(refused);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Migration 0001 failed', { cause: refused }))).toBe(true);
    // Other errors out of the driver are not marked.
    const duplicate = markIfUnavailable(withCode('23505', 'duplicate key value'));
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(markIfUnavailable(Object.freeze(withCode('ECONNRESET'))))).toBe(false);
  });
});

describe('connectionProblem and databaseAddress', () => {
  it('say what went wrong and where, in a few words, without the password', () => {
    expect(connectionProblem(withCode('ECONNREFUSED'))).toBe('connection refused');
    expect(connectionProblem(new AggregateError([withCode('ECONNREFUSED')]))).toBe('connection refused');
    expect(connectionProblem(withCode('57P03'))).toBe('the server is starting up');
    expect(connectionProblem(withCode('08001'))).toBe('connection failure, SQLSTATE 08001');
    expect(connectionProblem(new Error('timeout exceeded when trying to connect'))).toBe('connection timed out');
    expect(databaseAddress('postgres://u:secret@db.example.org:6543/g')).toBe('db.example.org:6543');
    expect(databaseAddress('postgres://u:secret@127.0.0.1/g')).toBe('127.0.0.1:5432');
  });
});
