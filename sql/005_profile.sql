-- The personnel profile: reviewed title changes with evidence, transfers
-- between units, and administrative corrections.

-- 聘任日期 of the app's 职称信息修改 screen; 评审通过时间 is
-- title_effective_on (公布(生效)时间).
ALTER TABLE personnel ADD COLUMN appointed_on DATE NULL AFTER title_effective_on;

-- Proof files (PDF or image) a person uploads for a change: stored under
-- media_dir outside the web root, served through nginx's internal /media/
-- only to the owner and to the admins who review the change.
CREATE TABLE attachment (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  review_id BIGINT UNSIGNED NULL,
  file VARCHAR(100) NOT NULL,
  name VARCHAR(200) NOT NULL,
  mime VARCHAR(40) NOT NULL,
  size INT UNSIGNED NOT NULL,
  sha256 CHAR(64) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_attachment_file (file),
  KEY ix_attachment_person (person_id),
  KEY ix_attachment_review (review_id),
  CONSTRAINT fk_attachment_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_attachment_review FOREIGN KEY (review_id) REFERENCES review (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Transfers between units (单位调转): asked by the person, accepted by the
-- receiving unit. Both units see them in their history.
CREATE TABLE personnel_transfer (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  from_org_id BIGINT UNSIGNED NOT NULL,
  to_org_id BIGINT UNSIGNED NOT NULL,
  review_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  reason VARCHAR(500) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  decided_at DATETIME(3) NULL,
  KEY ix_transfer_person (person_id),
  KEY ix_transfer_from (from_org_id, created_at),
  KEY ix_transfer_to (to_org_id, created_at),
  UNIQUE KEY uq_transfer_review (review_id),
  CONSTRAINT fk_transfer_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_transfer_from FOREIGN KEY (from_org_id) REFERENCES org (id),
  CONSTRAINT fk_transfer_to FOREIGN KEY (to_org_id) REFERENCES org (id),
  CONSTRAINT fk_transfer_review FOREIGN KEY (review_id) REFERENCES review (id),
  CONSTRAINT ck_transfer_status CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
