// Migrations applied a second time change nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sdrzctl, sql } from '../lib.mjs';

// A checksum of every column of every table of the stack's database.
function schemaChecksum() {
  const [[count, sum]] = sql(`
    SELECT COUNT(*), MD5(GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME,
           COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, 'NULL'), COLUMN_KEY, EXTRA,
           IFNULL(CHARACTER_SET_NAME, ''), IFNULL(COLLATION_NAME, ''))
           ORDER BY TABLE_NAME, ORDINAL_POSITION SEPARATOR '|'))
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`);
  return { columns: Number(count), md5: sum };
}

function migrationRows() {
  return sql('SELECT COUNT(*) FROM schema_migration')[0][0];
}

test('sdrzctl migrate a second time applies 0 and changes no column', () => {
  const before = schemaChecksum();
  assert.ok(before.columns > 0, 'the migrations made tables');
  const rowsBefore = migrationRows();
  assert.ok(Number(rowsBefore) > 0, 'schema_migration records the applied migrations');

  const run = sdrzctl('migrate', '--dir', 'sql');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /applied 0 migration/);

  assert.deepEqual(schemaChecksum(), before);
  assert.equal(migrationRows(), rowsBefore);
});
