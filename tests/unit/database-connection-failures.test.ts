import { expect, it } from 'vitest';
import { isDatabaseConnectionFailure } from '../../server/database.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

it('counts a cut or unreachable database as a connection failure, and its cause too', () => {
  for (const error of [
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated due to connection timeout'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('the database system is starting up', '57P03'),
    withCode('connection failure', '08006'),
    withCode('connect ECONNREFUSED 10.0.0.2:5432', 'ECONNREFUSED'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    withCode('connect ETIMEDOUT', 'ETIMEDOUT'),
    new Error('query failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
  ])
    expect(isDatabaseConnectionFailure(error), error.message).toBe(true);
});

it('leaves a wrong statement, a constraint and anything not an error to be what they are', () => {
  for (const error of [
    withCode('duplicate key value violates unique constraint', '23505'),
    withCode('syntax error at or near "selec"', '42601'),
    withCode('canceling statement due to statement timeout', '57014'),
    new Error('Cannot read properties of undefined'),
    'Connection terminated unexpectedly',
    undefined,
  ])
    expect(isDatabaseConnectionFailure(error), String(error)).toBe(false);
});
