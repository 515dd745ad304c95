-- Organisations register and are approved up the tree; reviews may need
-- several approvers; admins hold roles that grant permission modules.

-- What the registration forms of the manual ask of an organisation.
ALTER TABLE org
  ADD COLUMN nature VARCHAR(16) NULL AFTER name,
  ADD COLUMN industry VARCHAR(16) NULL AFTER nature,
  ADD COLUMN level VARCHAR(16) NULL AFTER industry,
  ADD COLUMN phone VARCHAR(32) NULL AFTER level,
  ADD COLUMN address VARCHAR(200) NULL AFTER phone,
  ADD COLUMN has_uscc TINYINT(1) NOT NULL DEFAULT 1 AFTER uscc,
  ADD COLUMN reject_reason VARCHAR(500) NULL AFTER status,
  ADD COLUMN approved_at DATETIME(3) NULL AFTER reject_reason,
  -- A rejected registration gives its USCC back (uscc stays unique among
  -- the others) and keeps it here for the record.
  ADD COLUMN rejected_uscc CHAR(18) NULL AFTER has_uscc,
  ADD KEY ix_org_region (region_code);

-- The level of a supervising department or a CE base (主管部门级别,
-- 继续教育基地级别).
INSERT INTO dict (name, label, hierarchical, parent_dict, attr_label, source, sort) VALUES
  ('org_level', '机构级别', 0, NULL, NULL, 'local codes', 125);
INSERT INTO dict_item (dict, code, name, parent_code, level, attr, sort) VALUES
  ('org_level', '1', '国家级', NULL, 1, NULL, 1),
  ('org_level', '2', '省级', NULL, 1, NULL, 2),
  ('org_level', '3', '市级', NULL, 1, NULL, 3),
  ('org_level', '4', '区(县)级', NULL, 1, NULL, 4);

-- The approvers of a review: one, or several that must all approve (the
-- old and the new parent of an organisation that changes parent). The
-- review is approved when every approver approved, rejected when one
-- rejected. review.org_id stays the first approver.
CREATE TABLE review_approver (
  review_id BIGINT UNSIGNED NOT NULL,
  org_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  decided_by BIGINT UNSIGNED NULL,
  decided_at DATETIME(3) NULL,
  reason VARCHAR(500) NULL,
  hidden TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (review_id, org_id),
  KEY ix_review_approver_queue (org_id, status),
  CONSTRAINT fk_review_approver_review FOREIGN KEY (review_id) REFERENCES review (id),
  CONSTRAINT fk_review_approver_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT ck_review_approver_status CHECK (status IN ('pending', 'approved', 'rejected', 'void'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO review_approver (review_id, org_id, status, decided_by, decided_at, reason, hidden)
  SELECT id, org_id, IF(status = 'withdrawn', 'void', status), decided_by, decided_at, reason, hidden
  FROM review;

-- Roles of an organisation's admins and the permission modules they grant;
-- the super admin holds every module.
CREATE TABLE admin_role (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(50) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_admin_role_name (org_id, name),
  CONSTRAINT fk_admin_role_org FOREIGN KEY (org_id) REFERENCES org (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE admin_role_module (
  role_id BIGINT UNSIGNED NOT NULL,
  module VARCHAR(32) NOT NULL,
  PRIMARY KEY (role_id, module),
  CONSTRAINT fk_admin_role_module_role FOREIGN KEY (role_id) REFERENCES admin_role (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE org_admin
  ADD COLUMN role_id BIGINT UNSIGNED NULL AFTER is_super,
  ADD COLUMN removed_at DATETIME(3) NULL AFTER status,
  ADD CONSTRAINT fk_org_admin_role FOREIGN KEY (role_id) REFERENCES admin_role (id);
