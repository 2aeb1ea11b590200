/**
 * Which database errors make a request answer 503 (try again) rather than 500: a lost or refused
 * connection, from pg's own errors and from PostgreSQL's SQLSTATEs, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/server/store/errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a terminated session', pgError('57P01', 'terminating connection due to administrator command')],
    ['a database starting up', pgError('57P03', 'the database system is starting up')],
    ['an idle-session timeout', pgError('57P05', 'terminating connection due to idle-session timeout')],
    ['a refused database', pgError('55000', 'database "desk" is not currently accepting connections')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
    ['a connection exception', pgError('08006', 'connection failure')],
    ['a refused socket', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a broken connection', new Error('Connection terminated unexpectedly')],
    ['a client no longer queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
    [
      'both addresses refused',
      new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], 'connect failed'),
    ],
  ])('counts %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['another prerequisite failure', pgError('55000', 'cannot ALTER TABLE because it has pending trigger events')],
    ['a missing database (a configuration error)', pgError('3D000', 'database "desk" does not exist')],
    ['wrong credentials', pgError('28P01', 'password authentication failed for user "desk"')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'Connection terminated'],
  ])('does not count %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
