// nginx limits the rate of registrations from one address, and answers
// beyond it in the platform's error shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, assertError, sleep } from '../lib.mjs';

for (const path of ['/api/v1/register/personnel', '/api/v1/register/org']) {
  test(`a burst of ${path} is cut off with 429 too_many_requests`, async () => {
    // ./dev test allows 100/s with a burst of 200: 400 at once must overflow.
    // Each body lacks its captcha, so the ones let through store nothing.
    const answers = await Promise.all(Array.from({ length: 400 }, () => api('sdrz', path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
    })));
    const limited = answers.filter((r) => r.status === 429);
    assert.ok(limited.length > 0, 'some requests are refused');
    assert.ok(answers.some((r) => r.status === 400), 'some reach the portal');
    assertError(limited[0], 429, 'too_many_requests');
    // Let the bucket fill again before the next test registers.
    await sleep(3000);
  });
}
