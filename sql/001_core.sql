-- The organisation tree, natural persons, the admins of organisations, and
-- the audit log. Later migrations add accounts, reviews, hours, courses.

CREATE TABLE org (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id BIGINT UNSIGNED NULL,
  -- hrb_city: the city HR bureau (root); hrb_district: a district/county
  -- HR bureau; dept: an industry supervising department; unit: an employer
  -- unit (or a branch under a unit); base: a continuing-education base.
  kind VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  uscc CHAR(18) NULL,
  region_code CHAR(6) NULL,
  -- Materialised path of ids from the root, "/1/5/23/", for subtree checks
  -- with an index prefix scan.
  path VARCHAR(512) NOT NULL DEFAULT '',
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_org_uscc (uscc),
  KEY ix_org_parent (parent_id),
  KEY ix_org_path (path(191)),
  KEY ix_org_kind_status (kind, status),
  CONSTRAINT fk_org_parent FOREIGN KEY (parent_id) REFERENCES org (id),
  CONSTRAINT ck_org_kind CHECK (kind IN ('hrb_city', 'hrb_district', 'dept', 'unit', 'base')),
  CONSTRAINT ck_org_status CHECK (status IN ('pending', 'approved', 'rejected', 'disabled'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One natural person, whatever roles they hold: the ID number is the
-- sign-in account.
CREATE TABLE person (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_type VARCHAR(8) NOT NULL,
  id_number VARCHAR(32) NOT NULL,
  name VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  phone VARCHAR(20) NULL,
  email VARCHAR(254) NULL,
  landline VARCHAR(32) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_person_id (id_type, id_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An admin of an organisation. Exactly one super admin per organisation:
-- the generated column makes a second one a duplicate key.
CREATE TABLE org_admin (
  org_id BIGINT UNSIGNED NOT NULL,
  person_id BIGINT UNSIGNED NOT NULL,
  is_super TINYINT(1) NOT NULL DEFAULT 0,
  super_org_id BIGINT UNSIGNED AS (IF(is_super = 1, org_id, NULL)) PERSISTENT,
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (org_id, person_id),
  UNIQUE KEY uq_org_admin_super (super_org_id),
  KEY ix_org_admin_person (person_id),
  CONSTRAINT fk_org_admin_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_org_admin_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT ck_org_admin_status CHECK (status IN ('active', 'removed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every decision and every administrative change, kept.
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor_person_id BIGINT UNSIGNED NULL,
  actor_org_id BIGINT UNSIGNED NULL,
  action VARCHAR(64) NOT NULL,
  subject_type VARCHAR(32) NOT NULL,
  subject_id BIGINT UNSIGNED NULL,
  detail LONGTEXT NULL CHECK (detail IS NULL OR JSON_VALID(detail)),
  request_id VARCHAR(40) NULL,
  KEY ix_audit_subject (subject_type, subject_id),
  KEY ix_audit_actor (actor_person_id),
  KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
