// An organisation is never moved below itself: two changes, A under B and
// B under A, each fine when submitted, are both approved by every
// approver; the second is refused when it is applied (checked again in the
// transaction that applies it), with a reason, and the tree stays a tree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from '../lib.mjs';
import { rootId } from '../accounts-lib.mjs';
import { orgAdd, signInAdmin, signInCity, reviewOf } from '../orgs-lib.mjs';

const tree = (id) => {
  const [[parent, path]] = sql(`SELECT parent_id, path FROM org WHERE id = ${id}`);
  return { parent: Number(parent), path };
};

test('A under B and B under A, both approved: the second is refused, no cycle', async () => {
  const root = rootId();
  const a = orgAdd({ kind: 'unit', parent: root, name: '循环甲单位' });
  const b = orgAdd({ kind: 'unit', parent: root, name: '循环乙单位' });
  const aAdmin = await signInAdmin(a);
  const bAdmin = await signInAdmin(b);
  const { c: city } = await signInCity();

  // Both changes are submitted while neither is below the other.
  const ra = await aAdmin.post('/api/v1/org/change', { parent_id: b.id, note: '并入乙单位' });
  assert.equal(ra.status, 202, ra.text);
  const rb = await bAdmin.post('/api/v1/org/change', { parent_id: a.id, note: '并入甲单位' });
  assert.equal(rb.status, 202, rb.text);
  const reviewA = reviewOf('org_change', 'org', a.id);
  const reviewB = reviewOf('org_change', 'org', b.id);

  // The old parent (the city bureau) approves both first.
  const byCity = await city.post('/api/v1/reviews/org-changes/decide', { ids: [reviewA, reviewB], decision: 'approve' });
  assert.equal(byCity.json.done, 2, byCity.text);

  // B approves A's move: A is now under B.
  const first = await bAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [reviewA], decision: 'approve' });
  assert.equal(first.json.done, 1, first.text);
  assert.equal(tree(a.id).parent, b.id);
  const bBefore = tree(b.id);
  const aBefore = tree(a.id);
  assert.ok(aBefore.path.startsWith(bBefore.path), 'A sits below B');

  // A (now below B) approves B's move under A: refused with a reason.
  const second = await aAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [reviewB], decision: 'approve' });
  assert.equal(second.status, 200, second.text);
  assert.equal(second.json.done, 0, second.text);
  assert.equal(second.json.failed, 1);
  const [r] = second.json.results;
  assert.equal(r.ok, false);
  assert.equal(r.code, 'org_cycle', second.text);
  assert.match(r.message, /循环/);

  // Nothing changed: B stays under the city, the paths are as before,
  // the review waits for A, who can reject it.
  assert.deepEqual(tree(b.id), bBefore);
  assert.deepEqual(tree(a.id), aBefore);
  assert.equal(bBefore.parent, root);
  const [[status, mine]] = sql(`SELECT r.status, a.status FROM review r JOIN review_approver a
    ON a.review_id = r.id AND a.org_id = ${a.id} WHERE r.id = ${reviewB}`);
  assert.deepEqual([status, mine], ['pending', 'pending']);
  const reject = await aAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [reviewB], decision: 'reject', reason: '会形成循环' });
  assert.equal(reject.json.done, 1, reject.text);

  // Every organisation's path is its parent's path and its own id.
  const broken = sql(`SELECT o.id, o.kind, o.status, o.path, p.path FROM org o JOIN org p ON p.id = o.parent_id
    WHERE o.path <> CONCAT(p.path, o.id, '/')`);
  assert.deepEqual(broken, []);
});
