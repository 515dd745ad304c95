-- Accounts: the personnel role and its profile, registrations reviewed by
-- the unit, sessions, captchas, sign-in attempts, password resets and the
-- mail outbox.

ALTER TABLE person
  ADD COLUMN gender TINYINT NULL AFTER name,
  ADD COLUMN birth_date DATE NULL AFTER gender,
  ADD COLUMN password_changed_at DATETIME(3) NULL AFTER password_hash,
  ADD CONSTRAINT ck_person_gender CHECK (gender IS NULL OR gender IN (1, 2));

-- The personnel role (专业技术人员) of a person: one per person. A rejected
-- registration stays here with its reason until the person registers again.
CREATE TABLE personnel (
  person_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  reject_reason VARCHAR(500) NULL,
  dept VARCHAR(100) NULL,
  ethnic VARCHAR(8) NULL,
  education VARCHAR(8) NULL,
  school VARCHAR(100) NULL,
  major_code VARCHAR(16) NULL,
  major_name VARCHAR(100) NULL,
  graduated_on DATE NULL,
  degree VARCHAR(8) NULL,
  postdoc TINYINT(1) NOT NULL DEFAULT 0,
  admin_post VARCHAR(100) NULL,
  admin_level VARCHAR(16) NULL,
  title_series VARCHAR(16) NULL,
  title_level VARCHAR(16) NULL,
  title_qualification VARCHAR(32) NULL,
  title_effective_on DATE NULL,
  title_cert_no VARCHAR(64) NULL,
  prof_qualification VARCHAR(32) NULL,
  prof_qualification_level VARCHAR(16) NULL,
  registered_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  approved_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  KEY ix_personnel_org_status (org_id, status),
  CONSTRAINT fk_personnel_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_personnel_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT ck_personnel_status CHECK (status IN ('pending', 'approved', 'rejected'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One review engine for every approval of the platform. A review asks the
-- organisation org_id to decide on a subject; payload is what was
-- submitted (JSON), before what it replaces. Deciding applies the change
-- in the same transaction. hidden: removed from the reviewer's history.
CREATE TABLE review (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  subject_type VARCHAR(32) NOT NULL,
  subject_id BIGINT UNSIGNED NOT NULL,
  org_id BIGINT UNSIGNED NOT NULL,
  submitted_by BIGINT UNSIGNED NULL,
  payload LONGTEXT NULL CHECK (payload IS NULL OR JSON_VALID(payload)),
  before_payload LONGTEXT NULL CHECK (before_payload IS NULL OR JSON_VALID(before_payload)),
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  decided_by BIGINT UNSIGNED NULL,
  decided_at DATETIME(3) NULL,
  reason VARCHAR(500) NULL,
  hidden TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_review_queue (org_id, kind, status, created_at),
  KEY ix_review_subject (subject_type, subject_id),
  CONSTRAINT fk_review_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT ck_review_status CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions: the cookie holds a random token; only its SHA-256 is kept.
-- role_kind/role_org_id: the role the person acts in (NULL until chosen).
CREATE TABLE session (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  user_type VARCHAR(16) NOT NULL,
  role_kind VARCHAR(16) NULL,
  role_org_id BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_seen_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  ip VARCHAR(45) NULL,
  user_agent VARCHAR(255) NULL,
  KEY ix_session_person (person_id),
  KEY ix_session_expires (expires_at),
  CONSTRAINT fk_session_person FOREIGN KEY (person_id) REFERENCES person (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Captchas: single use, five minutes. The answer is kept as is: it is
-- short-lived, and the tests read it from here.
CREATE TABLE captcha (
  id CHAR(32) NOT NULL PRIMARY KEY,
  answer VARCHAR(16) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  KEY ix_captcha_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sign-in attempts by account, for the lockout (5 failures in 15 minutes).
CREATE TABLE login_attempt (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id_type VARCHAR(8) NOT NULL,
  id_number VARCHAR(32) NOT NULL,
  ok TINYINT(1) NOT NULL,
  ip VARCHAR(45) NULL,
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_login_attempt_account (id_number, id_type, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Password reset links: single use, 30 minutes; only the token's hash.
CREATE TABLE password_reset (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  used_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_password_reset_person (person_id),
  CONSTRAINT fk_password_reset_person FOREIGN KEY (person_id) REFERENCES person (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail waits here until `sdrzctl mail-send` hands it to the configured
-- sendmail-compatible command; nothing acknowledged is lost on the way.
CREATE TABLE mail_outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  to_addr VARCHAR(254) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  sent_at DATETIME(3) NULL,
  attempts INT NOT NULL DEFAULT 0,
  last_error VARCHAR(500) NULL,
  KEY ix_mail_outbox_pending (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit log says where an action came from.
ALTER TABLE audit_log ADD COLUMN ip VARCHAR(45) NULL AFTER request_id;
