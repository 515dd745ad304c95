// nginx limits the rate of sign-ins and captchas from one address, and
// answers beyond it in the platform's error shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertError, sleep } from '../lib.mjs';

test('a burst of captcha requests is cut off with 429 too_many_requests', async () => {
  // ./dev test allows 100/s with a burst of 200: 400 at once must overflow.
  const answers = await Promise.all(Array.from({ length: 400 }, () => api('sdrz', '/api/v1/captcha')));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some requests are refused');
  assert.ok(answers.some((r) => r.status === 200), 'some pass');
  assertError(limited[0], 429, 'too_many_requests');
  // Let the bucket fill again before the next test file signs in.
  await sleep(3000);
});

test('the session check every page makes is not rate-limited', async () => {
  const answers = await Promise.all(Array.from({ length: 400 }, () => api('gxk', '/api/v1/auth/session')));
  // Anonymous: 200 {"signed_in": false} every time, never 429.
  assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
});
