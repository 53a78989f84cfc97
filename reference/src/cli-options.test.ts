import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, parseCliOptions } from './cli-options.ts';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseCliOptions(args, env);

test('defaults: ephemeral port on loopback, production mode, no faults', () => {
  const options = parse(['--admin-token', 'secret-token']);
  assert.ok(options);
  assert.deepEqual([options.port, options.host, options.mode, options.faults.size, options.logLevel], [0, '127.0.0.1', 'production', 0, 'info']);
  assert.equal(parse(['--help']), null);
});

test('the admin token comes from --admin-token or LITELLM_ADMIN_TOKEN and is required', () => {
  assert.equal(parse([], { LITELLM_ADMIN_TOKEN: 'from-env' })?.adminToken, 'from-env');
  assert.equal(parse(['--admin-token', 'flag'], { LITELLM_ADMIN_TOKEN: 'from-env' })?.adminToken, 'flag');
  assert.throws(() => parse([]), /admin token is required/);
  assert.throws(() => parse(['--admin-token', 'has space']), CliError);
});

test('faults: repeatable in conformance mode, unknown names listed, refused in production', () => {
  const options = parse(['--mode', 'conformance', '--admin-token', 't', '--fault', 'routing.order', '--fault', 'info.no-core']);
  assert.deepEqual([...(options?.faults ?? [])], ['routing.order', 'info.no-core']);
  assert.throws(() => parse(['--mode', 'conformance', '--admin-token', 't', '--fault', 'routing.nope']), /unknown fault "routing.nope"; known faults: routing.tiebreak, /);
  assert.throws(() => parse(['--admin-token', 't', '--fault', 'routing.order']), /need --mode conformance/);
  // The one switch that only means something in production mode.
  assert.equal(parse(['--admin-token', 't', '--fault', 'protocol.production-control'])?.faults.size, 1);
});

test('malformed values are refused with a reason', () => {
  assert.throws(() => parse(['--admin-token', 't', '--port', '70000']), /--port/);
  assert.throws(() => parse(['--admin-token', 't', '--port', 'abc']), /--port/);
  assert.throws(() => parse(['--admin-token', 't', '--mode', 'test']), /--mode/);
  assert.throws(() => parse(['--admin-token', 't', '--log-level', 'loud']), /--log-level/);
  assert.throws(() => parse(['--admin-token', 't', '--unknown']), CliError);
  assert.throws(() => parse(['--admin-token', 't', 'positional']), CliError);
});
