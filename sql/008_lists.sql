-- Lists that reach a million rows: a subtree predicate that uses the path
-- index, a name index for the name search, and the approved personnel of
-- each organisation kept as a fact so that a subtree count sums at most
-- one row per organisation instead of scanning the personnel.

-- The path holds only digits and "/": ascii_bin compares it byte by byte,
-- and the whole column fits the index, so o.path LIKE CONCAT(t.path, '%')
-- is a range scan of ix_org_path (org_subtree() in org.h).
ALTER TABLE org
  DROP KEY ix_org_path,
  MODIFY path VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  ADD KEY ix_org_path (path);

-- The name search of the lists is a prefix match on this index.
ALTER TABLE person ADD KEY ix_person_name (name);

-- The approved personnel of one organisation (not of its subtree), kept by
-- the triggers below on every change of personnel.
CREATE TABLE org_personnel_count (
  org_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  approved INT NOT NULL DEFAULT 0,
  CONSTRAINT fk_org_personnel_count_org FOREIGN KEY (org_id) REFERENCES org (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO org_personnel_count (org_id, approved)
  SELECT o.id, (SELECT COUNT(*) FROM personnel pe WHERE pe.org_id = o.id AND pe.status = 'approved')
  FROM org o;

CREATE TRIGGER tr_personnel_count_ins AFTER INSERT ON personnel FOR EACH ROW
  INSERT INTO org_personnel_count (org_id, approved)
  VALUES (NEW.org_id, NEW.status = 'approved')
  ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved);

CREATE TRIGGER tr_personnel_count_upd AFTER UPDATE ON personnel FOR EACH ROW
  INSERT INTO org_personnel_count (org_id, approved)
  VALUES (OLD.org_id, -(OLD.status = 'approved')), (NEW.org_id, NEW.status = 'approved')
  ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved);

CREATE TRIGGER tr_personnel_count_del AFTER DELETE ON personnel FOR EACH ROW
  INSERT INTO org_personnel_count (org_id, approved)
  VALUES (OLD.org_id, -(OLD.status = 'approved'))
  ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved);
