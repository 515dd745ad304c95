-- A personnel registration by someone new to the platform no longer takes
-- the ID number while it waits: its person is provisional, a claim on the
-- number beside any other claim of the same number. Only persons who are
-- not provisional own their number (one each); approving a registration
-- makes its person the owner and rejects the other claims waiting on the
-- number, in one transaction (acct_apply_registration).
--
-- id_owner is 1 for an owner and NULL for a claim: the unique key holds
-- between owners only, as NULLs never collide.
ALTER TABLE person
  ADD COLUMN provisional TINYINT(1) NOT NULL DEFAULT 0 AFTER password_changed_at,
  ADD COLUMN id_owner TINYINT AS (IF(provisional = 0, 1, NULL)) PERSISTENT,
  ADD UNIQUE KEY uq_person_owner (id_type, id_number, id_owner),
  DROP INDEX uq_person_id;

-- Persons whose only role is a registration that was never approved are
-- claims: they stop blocking the real owner of their number.
UPDATE person p SET p.provisional = 1
 WHERE EXISTS (SELECT 1 FROM personnel pe
               WHERE pe.person_id = p.id AND pe.status <> 'approved')
   AND NOT EXISTS (SELECT 1 FROM org_admin a WHERE a.person_id = p.id);

-- The same for organisations and their USCC: a registration waiting for
-- its approver claims the code beside any other; an organisation past its
-- registration (approved, or disabled later) owns it. A rejected one gave
-- its code back already (rejected_uscc).
-- uscc_owner is 1 for an owner and NULL for a claim, as for persons.
ALTER TABLE org
  ADD COLUMN uscc_owner TINYINT AS (IF(status = 'pending', NULL, 1)) PERSISTENT,
  ADD UNIQUE KEY uq_org_uscc_owner (uscc, uscc_owner),
  DROP INDEX uq_org_uscc;
