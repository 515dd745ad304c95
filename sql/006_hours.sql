-- Hours: records of credited activities, declarations with the fields of
-- their study form, the yearly rule, and issued certificates.

-- 申报类型: the kinds of activity a person declares.
CREATE TABLE decl_type (
  code VARCHAR(16) NOT NULL PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  sort INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO decl_type (code, name, sort) VALUES
  ('train', '培训类', 1),
  ('result', '成果类', 2),
  ('paper', '论文著作类', 3),
  ('exam', '考试类', 4);

-- 学习形式: what each form asks and what it gives. fields is a JSON array
-- of {name, label, type: text|date|number|select, required, options?,
-- max?}; rule is {kind: fixed|per_unit|by_option, hours, field?, per?,
-- map?, cap?} in hours (halves allowed); yearly_cap bounds the hours of
-- this form per person and year; dedupe names the field whose value may be
-- credited to a person only once (an ISBN, a paper's title).
CREATE TABLE study_form (
  code VARCHAR(16) NOT NULL PRIMARY KEY,
  decl_type VARCHAR(16) NOT NULL,
  name VARCHAR(100) NOT NULL,
  category VARCHAR(16) NOT NULL DEFAULT 'professional',
  fields LONGTEXT NOT NULL CHECK (JSON_VALID(fields)),
  rule LONGTEXT NOT NULL CHECK (JSON_VALID(rule)),
  yearly_cap DECIMAL(6,1) NULL,
  dedupe VARCHAR(32) NULL,
  attachment_required TINYINT(1) NOT NULL DEFAULT 1,
  declarable TINYINT(1) NOT NULL DEFAULT 1,
  active TINYINT(1) NOT NULL DEFAULT 1,
  sort INT NOT NULL DEFAULT 0,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT fk_study_form_type FOREIGN KEY (decl_type) REFERENCES decl_type (code),
  CONSTRAINT ck_study_form_category CHECK (category IN ('public', 'professional', 'either'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The platform's own classes credit hours as this form; it cannot be
-- declared.
INSERT INTO study_form (code, decl_type, name, category, fields, rule, yearly_cap, dedupe, attachment_required, declarable, sort) VALUES
  ('online', 'train', '日照市专业技术人员继续教育公共服务平台线上学习', 'either', '[]',
   '{"kind":"fixed","hours":0}', NULL, NULL, 0, 0, 1),
  ('degree', 'train', '学历教育', 'professional',
   '[{"name":"school","label":"就读院校","type":"text","required":true},{"name":"major","label":"所学专业","type":"text","required":true},{"name":"level","label":"学历层次","type":"select","required":true,"options":["专科","本科","硕士研究生","博士研究生"]},{"name":"start","label":"入学时间","type":"date","required":true},{"name":"end","label":"毕业时间","type":"date","required":false}]',
   '{"kind":"fixed","hours":30}', 30, NULL, 1, 1, 2),
  ('offline', 'train', '线下培训进修', 'either',
   '[{"name":"organiser","label":"主办单位","type":"text","required":true},{"name":"course","label":"培训名称","type":"text","required":true},{"name":"start","label":"开始日期","type":"date","required":true},{"name":"end","label":"结束日期","type":"date","required":true},{"name":"days","label":"培训天数","type":"number","required":true,"max":60}]',
   '{"kind":"per_unit","field":"days","per":8,"cap":40}', 60, NULL, 1, 1, 3),
  ('conference', 'train', '学术会议', 'professional',
   '[{"name":"meeting","label":"会议名称","type":"text","required":true},{"name":"organiser","label":"主办单位","type":"text","required":true},{"name":"date","label":"会议日期","type":"date","required":true},{"name":"role","label":"参会身份","type":"select","required":true,"options":["大会报告","分会发言","参会"]}]',
   '{"kind":"by_option","field":"role","map":{"大会报告":12,"分会发言":8,"参会":4}}', 24, NULL, 1, 1, 4),
  ('project', 'result', '课题项目', 'professional',
   '[{"name":"project","label":"项目名称","type":"text","required":true},{"name":"number","label":"项目编号","type":"text","required":true},{"name":"level","label":"项目级别","type":"select","required":true,"options":["国家级","省部级","市级","县区级"]},{"name":"role","label":"承担角色","type":"select","required":true,"options":["主持","参与"]},{"name":"rank","label":"排名","type":"number","required":true,"max":50},{"name":"date","label":"结项日期","type":"date","required":true}]',
   '{"kind":"by_option","field":"level","map":{"国家级":40,"省部级":30,"市级":20,"县区级":10},"cap":40}', 40, 'number', 1, 1, 5),
  ('book', 'paper', '出版著作', 'professional',
   '[{"name":"book","label":"著作名称","type":"text","required":true},{"name":"isbn","label":"ISBN","type":"text","required":true},{"name":"publisher","label":"出版社","type":"text","required":true},{"name":"date","label":"出版日期","type":"date","required":true},{"name":"words","label":"本人撰写字数(万字)","type":"number","required":true,"max":500},{"name":"rank","label":"作者排名","type":"select","required":true,"options":["独著","主编","副主编","参编"]}]',
   '{"kind":"by_option","field":"rank","map":{"独著":20,"主编":20,"副主编":15,"参编":10}}', 40, 'isbn', 1, 1, 6),
  ('thesis', 'paper', '发表论文', 'professional',
   '[{"name":"title","label":"论文题目","type":"text","required":true},{"name":"journal","label":"刊物名称","type":"text","required":true},{"name":"issn","label":"刊号(ISSN/CN)","type":"text","required":true},{"name":"date","label":"发表日期","type":"date","required":true},{"name":"level","label":"刊物级别","type":"select","required":true,"options":["核心期刊","普通期刊"]},{"name":"rank","label":"作者排名","type":"number","required":true,"max":50}]',
   '{"kind":"by_option","field":"level","map":{"核心期刊":10,"普通期刊":5}}', 30, 'title', 1, 1, 7),
  ('computer', 'exam', '计算机应用能力考试', 'professional',
   '[{"name":"exam","label":"考试名称","type":"text","required":true},{"name":"date","label":"考试日期","type":"date","required":true},{"name":"score","label":"成绩","type":"number","required":true,"max":100},{"name":"cert","label":"合格证编号","type":"text","required":true}]',
   '{"kind":"fixed","hours":15}', 15, 'cert', 1, 1, 8),
  ('qualification', 'exam', '职业资格考试', 'professional',
   '[{"name":"exam","label":"考试名称","type":"text","required":true},{"name":"date","label":"考试日期","type":"date","required":true},{"name":"cert","label":"证书编号","type":"text","required":true}]',
   '{"kind":"fixed","hours":30}', 30, 'cert', 1, 1, 9);

-- One row per credited activity. The unit the person belonged to when the
-- hours were earned stays recorded. A source (a declaration, a class, an
-- import line) is credited once: (source, source_ref) is unique.
CREATE TABLE hour_record (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  org_id BIGINT UNSIGNED NULL,
  year SMALLINT NOT NULL,
  category VARCHAR(16) NOT NULL,
  study_form VARCHAR(16) NOT NULL,
  title VARCHAR(200) NOT NULL,
  hours DECIMAL(6,1) NOT NULL,
  source VARCHAR(16) NOT NULL,
  source_ref VARCHAR(64) NOT NULL,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_hour_source (source, source_ref),
  KEY ix_hour_person_year (person_id, year),
  KEY ix_hour_org_year (org_id, year),
  CONSTRAINT fk_hour_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_hour_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_hour_form FOREIGN KEY (study_form) REFERENCES study_form (code),
  CONSTRAINT ck_hour_category CHECK (category IN ('public', 'professional')),
  CONSTRAINT ck_hour_source CHECK (source IN ('platform', 'declaration', 'import', 'admin')),
  CONSTRAINT ck_hour_hours CHECK (hours > 0 AND hours <= 1000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A declaration (学时申报) waits for the unit through the review engine.
CREATE TABLE declaration (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  org_id BIGINT UNSIGNED NOT NULL,
  review_id BIGINT UNSIGNED NULL,
  year SMALLINT NOT NULL,
  category VARCHAR(16) NOT NULL,
  study_form VARCHAR(16) NOT NULL,
  title VARCHAR(200) NOT NULL,
  data LONGTEXT NOT NULL CHECK (JSON_VALID(data)),
  hours DECIMAL(6,1) NOT NULL,
  dedupe_key VARCHAR(200) NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_decl_person (person_id, created_at),
  KEY ix_decl_dedupe (person_id, dedupe_key),
  CONSTRAINT fk_decl_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_decl_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_decl_form FOREIGN KEY (study_form) REFERENCES study_form (code),
  CONSTRAINT fk_decl_review FOREIGN KEY (review_id) REFERENCES review (id),
  CONSTRAINT ck_decl_status CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE attachment ADD COLUMN declaration_id BIGINT UNSIGNED NULL AFTER review_id;

-- The rule of a year (人社部令第25号: at least 90 hours, professional
-- subjects at least two thirds); a year without a row uses the newest
-- earlier row, else these defaults.
CREATE TABLE year_rule (
  year SMALLINT NOT NULL PRIMARY KEY,
  total_min DECIMAL(6,1) NOT NULL DEFAULT 90,
  professional_min DECIMAL(6,1) NOT NULL DEFAULT 60,
  public_min DECIMAL(6,1) NOT NULL DEFAULT 30,
  updated_by BIGINT UNSIGNED NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Issued certificates (结业证书) and hour registration forms (学时登记表):
-- the XML they were rendered from, its hash, and a revocation.
CREATE TABLE certificate (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(24) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  person_id BIGINT UNSIGNED NOT NULL,
  year SMALLINT NOT NULL,
  xml LONGTEXT NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  public_hours DECIMAL(6,1) NOT NULL,
  professional_hours DECIMAL(6,1) NOT NULL,
  issued_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  revoked_at DATETIME(3) NULL,
  revoke_reason VARCHAR(300) NULL,
  revoked_by BIGINT UNSIGNED NULL,
  UNIQUE KEY uq_certificate_number (number),
  KEY ix_certificate_person (person_id, year, kind),
  CONSTRAINT fk_certificate_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT ck_certificate_kind CHECK (kind IN ('completion', 'register'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
