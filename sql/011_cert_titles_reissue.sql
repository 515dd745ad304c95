-- 011: what certificates name a declared activity by, and reissuing a
-- revoked certificate.

-- A form's field marked "title": true names the activity (班级名称 of the
-- 结业证书, 学习内容 of the records); without one, the first text field
-- does. For 线下培训进修 the first text field is the organiser (主办单位):
-- the training's name (培训名称) is the title.
UPDATE study_form
   SET fields = JSON_SET(fields, '$[1].title', JSON_EXTRACT('true', '$'))
 WHERE code = 'offline' AND JSON_VALUE(fields, '$[1].name') = 'course';

-- Declarations made before, and the hours they credited, named by the
-- organiser: named by the training instead.
UPDATE declaration
   SET title = LEFT(JSON_VALUE(data, '$.course'), 200)
 WHERE study_form = 'offline' AND COALESCE(JSON_VALUE(data, '$.course'), '') <> '';

UPDATE hour_record h
  JOIN declaration d ON h.source = 'declaration' AND h.source_ref = CONCAT('decl:', d.id)
   SET h.title = d.title
 WHERE d.study_form = 'offline' AND h.title <> d.title;

-- After a revocation the same content is not issued again under a new
-- number unless the bureau consents (an explicit, audited action) on the
-- revoked certificate; changed content needs no consent.
ALTER TABLE certificate
  ADD COLUMN reissue_allowed_at DATETIME(3) NULL AFTER revoked_by,
  ADD COLUMN reissue_allowed_by BIGINT UNSIGNED NULL AFTER reissue_allowed_at,
  ADD COLUMN reissue_note VARCHAR(300) NULL AFTER reissue_allowed_by;
