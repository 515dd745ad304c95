-- Sign-in guard (issue 9 items 2 and 10).
--
-- Failures are counted per account and client address: the pair is locked,
-- never the account for everyone; their lookup is by account, address and
-- time.
ALTER TABLE login_attempt
  ADD KEY ix_login_attempt_pair (id_number, id_type, ip, at);

-- When the owner of an account was last mailed about failed sign-ins, so
-- that a storm of failures sends one mail an hour, not one per failure.
CREATE TABLE login_alert (
  person_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  sent_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_login_alert_person FOREIGN KEY (person_id) REFERENCES person (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who removed an admin's rights: the organisation acting (the admin's own,
-- or an HR bureau above it) and its admin, so that the removed admin's
-- sign-in can say whom to ask.
ALTER TABLE org_admin
  ADD COLUMN removed_by_org_id BIGINT UNSIGNED NULL AFTER removed_at,
  ADD COLUMN removed_by_person_id BIGINT UNSIGNED NULL AFTER removed_by_org_id,
  ADD CONSTRAINT fk_org_admin_removed_by_org FOREIGN KEY (removed_by_org_id) REFERENCES org (id),
  ADD CONSTRAINT fk_org_admin_removed_by_person FOREIGN KEY (removed_by_person_id) REFERENCES person (id);
