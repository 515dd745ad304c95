-- Learning content, videos, question banks, enrolments, server-kept
-- progress and section exams. The public-subject portal (gxk) uses it
-- first; the professional portal (zyk) shares the same model.
--
-- A class (培训班) is made of versions. Learners see a published version,
-- which never changes: an edit to a published class goes to a new draft
-- version (a copy), and publishing the draft makes it the live one. An
-- enrolment keeps the version it enrolled in, so its sections, progress and
-- exams stay what they were.

-- Videos: one row from the first upload chunk to the transcoded HLS.
-- uploading: chunks arrive (received of size bytes, in upload_file under
-- upload_dir); queued: complete and checked as MP4 by content, waiting for
-- `sdrzctl video-transcode`; processing; ready: HLS in dir under media_dir
-- (master.m3u8 and one folder per rendition); failed: error says why.
CREATE TABLE video (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  uploaded_by BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  size BIGINT UNSIGNED NOT NULL,
  received BIGINT UNSIGNED NOT NULL DEFAULT 0,
  upload_file VARCHAR(100) NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'uploading',
  dir VARCHAR(100) NULL,
  duration_ms INT UNSIGNED NULL,
  width SMALLINT UNSIGNED NULL,
  height SMALLINT UNSIGNED NULL,
  -- [{name: "360p", height, bandwidth}, ...] once ready
  renditions LONGTEXT NULL CHECK (renditions IS NULL OR JSON_VALID(renditions)),
  segment_seconds TINYINT UNSIGNED NULL,
  error VARCHAR(500) NULL,
  tries TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  KEY ix_video_status (status, id),
  KEY ix_video_org (org_id, id),
  CONSTRAINT fk_video_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_video_person FOREIGN KEY (uploaded_by) REFERENCES person (id),
  CONSTRAINT ck_video_status CHECK (status IN ('uploading', 'queued', 'processing', 'ready', 'failed')),
  CONSTRAINT ck_video_received CHECK (received <= size)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Question banks of an organisation (the bureau for public subjects).
CREATE TABLE question_bank (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_bank_name (org_id, name),
  CONSTRAINT fk_bank_org FOREIGN KEY (org_id) REFERENCES org (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- single: one right option; multiple: two or more; judge: options are
-- ["正确","错误"]. options is a JSON array of strings (2 to 8), answer a
-- JSON array of the right options' indexes, ascending. tags: words
-- separated by commas, matched by a section's bank_tag. A question is
-- never deleted once an attempt may hold it: it is retired (active = 0).
CREATE TABLE question (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  bank_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(16) NOT NULL,
  stem VARCHAR(1000) NOT NULL,
  options LONGTEXT NOT NULL CHECK (JSON_VALID(options)),
  answer VARCHAR(64) NOT NULL CHECK (JSON_VALID(answer)),
  explanation VARCHAR(1000) NULL,
  tags VARCHAR(200) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  KEY ix_question_bank (bank_id, active, id),
  CONSTRAINT fk_question_bank FOREIGN KEY (bank_id) REFERENCES question_bank (id),
  CONSTRAINT ck_question_kind CHECK (kind IN ('single', 'multiple', 'judge'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 培训班. category public (公需科目, gxk) or professional (专业科目, zyk;
-- prof_category is then its code in the professional-category
-- dictionary). status: draft until first published; published; closed
-- (no new enrolments, learners finish). live_version is what learners
-- enrol in; draft_version is the version being edited (NULL when the
-- live one has no pending edits).
CREATE TABLE course_class (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  category VARCHAR(16) NOT NULL,
  prof_category VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  year SMALLINT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'draft',
  live_version BIGINT UNSIGNED NULL,
  draft_version BIGINT UNSIGNED NULL,
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  KEY ix_class_list (category, year, status, id),
  KEY ix_class_org (org_id, year, id),
  CONSTRAINT fk_class_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_class_person FOREIGN KEY (created_by) REFERENCES person (id),
  CONSTRAINT ck_class_category CHECK (category IN ('public', 'professional')),
  CONSTRAINT ck_class_status CHECK (status IN ('draft', 'published', 'closed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a class says at one version. published_at set: frozen.
CREATE TABLE class_version (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  class_id BIGINT UNSIGNED NOT NULL,
  version_no SMALLINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  intro VARCHAR(2000) NOT NULL DEFAULT '',
  cover_file VARCHAR(100) NULL,
  hours DECIMAL(6,1) NOT NULL,
  price_fen INT UNSIGNED NOT NULL DEFAULT 0,
  published_at DATETIME(3) NULL,
  published_by BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_class_version (class_id, version_no),
  CONSTRAINT fk_class_version_class FOREIGN KEY (class_id) REFERENCES course_class (id),
  CONSTRAINT ck_class_version_hours CHECK (hours > 0 AND hours <= 200)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE course_class
  ADD CONSTRAINT fk_class_live FOREIGN KEY (live_version) REFERENCES class_version (id),
  ADD CONSTRAINT fk_class_draft FOREIGN KEY (draft_version) REFERENCES class_version (id);

-- 课程 of a class version, in sort order. hours: what the course gives
-- on its own (professional classes count course hours); 0 for public.
-- copied_from: the course of the previous version this one copies.
CREATE TABLE course (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version_id BIGINT UNSIGNED NOT NULL,
  sort SMALLINT NOT NULL DEFAULT 0,
  name VARCHAR(100) NOT NULL,
  teacher VARCHAR(50) NOT NULL DEFAULT '',
  intro VARCHAR(2000) NOT NULL DEFAULT '',
  hours DECIMAL(6,1) NOT NULL DEFAULT 0,
  copied_from BIGINT UNSIGNED NULL,
  KEY ix_course_version (version_id, sort, id),
  CONSTRAINT fk_course_version FOREIGN KEY (version_id) REFERENCES class_version (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 小节: a video and its exam. The exam draws exam_questions questions from
-- bank_id (those tagged bank_tag when set), passes at pass_score percent,
-- and lasts exam_minutes (NULL: no limit). version_id repeats the course's
-- for the order of a whole class in one index.
CREATE TABLE section (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  sort SMALLINT NOT NULL DEFAULT 0,
  name VARCHAR(100) NOT NULL,
  video_id BIGINT UNSIGNED NULL,
  bank_id BIGINT UNSIGNED NULL,
  bank_tag VARCHAR(50) NULL,
  exam_questions TINYINT UNSIGNED NOT NULL DEFAULT 5,
  pass_score TINYINT UNSIGNED NOT NULL DEFAULT 60,
  exam_minutes SMALLINT UNSIGNED NULL,
  copied_from BIGINT UNSIGNED NULL,
  KEY ix_section_course (course_id, sort, id),
  KEY ix_section_version (version_id),
  KEY ix_section_video (video_id),
  CONSTRAINT fk_section_course FOREIGN KEY (course_id) REFERENCES course (id),
  CONSTRAINT fk_section_version FOREIGN KEY (version_id) REFERENCES class_version (id),
  CONSTRAINT fk_section_video FOREIGN KEY (video_id) REFERENCES video (id),
  CONSTRAINT fk_section_bank FOREIGN KEY (bank_id) REFERENCES question_bank (id),
  CONSTRAINT ck_section_exam CHECK (exam_questions BETWEEN 1 AND 100 AND pass_score BETWEEN 1 AND 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 报班: one per person and class, on the version live at enrolment; org_id
-- is the person's unit then. completed: every section passed; the class's
-- hours were credited as hour_record_id (source 'platform', source_ref
-- 'enrolment:<id>'), once.
CREATE TABLE enrolment (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  class_id BIGINT UNSIGNED NOT NULL,
  version_id BIGINT UNSIGNED NOT NULL,
  year SMALLINT NOT NULL,
  category VARCHAR(16) NOT NULL,
  org_id BIGINT UNSIGNED NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  enrolled_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_study_at DATETIME(3) NULL,
  completed_at DATETIME(3) NULL,
  hour_record_id BIGINT UNSIGNED NULL,
  UNIQUE KEY uq_enrolment (person_id, class_id),
  KEY ix_enrolment_person (person_id, year, id),
  KEY ix_enrolment_class (class_id, status, id),
  CONSTRAINT fk_enrolment_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_enrolment_class FOREIGN KEY (class_id) REFERENCES course_class (id),
  CONSTRAINT fk_enrolment_version FOREIGN KEY (version_id) REFERENCES class_version (id),
  CONSTRAINT fk_enrolment_org FOREIGN KEY (org_id) REFERENCES org (id),
  CONSTRAINT fk_enrolment_hours FOREIGN KEY (hour_record_id) REFERENCES hour_record (id),
  CONSTRAINT ck_enrolment_status CHECK (status IN ('active', 'completed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person's progress in one section of an enrolment, in the current
-- study cycle (cycle starts at 1; two failed attempts start the next one,
-- which clears the video's progress). covered: a bitmap of the video's
-- bins (bit i: seconds [i*bin, (i+1)*bin) were played in real time);
-- furthest_ms: the furthest accepted position; spent_ms: real time spent
-- playing. video_done_at: every bin covered and spent >= duration.
CREATE TABLE section_progress (
  enrolment_id BIGINT UNSIGNED NOT NULL,
  section_id BIGINT UNSIGNED NOT NULL,
  person_id BIGINT UNSIGNED NOT NULL,
  cycle SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  furthest_ms INT UNSIGNED NOT NULL DEFAULT 0,
  spent_ms INT UNSIGNED NOT NULL DEFAULT 0,
  covered VARBINARY(1024) NOT NULL DEFAULT '',
  video_done_at DATETIME(3) NULL,
  failed_attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
  best_score TINYINT UNSIGNED NULL,
  passed_at DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (enrolment_id, section_id),
  KEY ix_progress_person (person_id),
  CONSTRAINT fk_progress_enrolment FOREIGN KEY (enrolment_id) REFERENCES enrolment (id),
  CONSTRAINT fk_progress_section FOREIGN KEY (section_id) REFERENCES section (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A play session: opened when the page starts a section's video, fed by
-- heartbeats. A person has one live session (live = 1; NULL otherwise, so
-- the unique key allows any number of ended ones): opening another
-- replaces it. last_seq orders the beats; last_pos_ms and last_beat_at are
-- the last accepted beat, from which the real-time bound is measured.
CREATE TABLE play_session (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_id BIGINT UNSIGNED NOT NULL,
  enrolment_id BIGINT UNSIGNED NOT NULL,
  section_id BIGINT UNSIGNED NOT NULL,
  cycle SMALLINT UNSIGNED NOT NULL,
  live TINYINT(1) NULL DEFAULT 1,
  state VARCHAR(16) NOT NULL DEFAULT 'active',
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_beat_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_pos_ms INT UNSIGNED NOT NULL DEFAULT 0,
  last_seq INT UNSIGNED NOT NULL DEFAULT 0,
  beats INT UNSIGNED NOT NULL DEFAULT 0,
  ended_at DATETIME(3) NULL,
  UNIQUE KEY uq_play_live (person_id, live),
  KEY ix_play_section (enrolment_id, section_id),
  CONSTRAINT fk_play_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT fk_play_enrolment FOREIGN KEY (enrolment_id) REFERENCES enrolment (id),
  CONSTRAINT fk_play_section FOREIGN KEY (section_id) REFERENCES section (id),
  CONSTRAINT ck_play_state CHECK (state IN ('active', 'replaced', 'ended')),
  CONSTRAINT ck_play_live CHECK (live IS NULL OR live = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A section exam attempt: attempt_no 1 or 2 within a study cycle. questions
-- keeps what the attempt was given, shuffled, with the right answers in
-- that order (never sent before submission): [{id, kind, stem, options,
-- answer, explanation}]. deadline_at: started + the time limit. A submitted
-- attempt (or one past its deadline, closed with timed_out = 1) never
-- changes.
CREATE TABLE exam_attempt (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  enrolment_id BIGINT UNSIGNED NOT NULL,
  section_id BIGINT UNSIGNED NOT NULL,
  person_id BIGINT UNSIGNED NOT NULL,
  cycle SMALLINT UNSIGNED NOT NULL,
  attempt_no TINYINT UNSIGNED NOT NULL,
  questions LONGTEXT NOT NULL CHECK (JSON_VALID(questions)),
  pass_score TINYINT UNSIGNED NOT NULL,
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  deadline_at DATETIME(3) NULL,
  submitted_at DATETIME(3) NULL,
  answers LONGTEXT NULL CHECK (answers IS NULL OR JSON_VALID(answers)),
  score TINYINT UNSIGNED NULL,
  passed TINYINT(1) NULL,
  timed_out TINYINT(1) NOT NULL DEFAULT 0,
  UNIQUE KEY uq_attempt (enrolment_id, section_id, cycle, attempt_no),
  KEY ix_attempt_person (person_id, id),
  CONSTRAINT fk_attempt_enrolment FOREIGN KEY (enrolment_id) REFERENCES enrolment (id),
  CONSTRAINT fk_attempt_section FOREIGN KEY (section_id) REFERENCES section (id),
  CONSTRAINT fk_attempt_person FOREIGN KEY (person_id) REFERENCES person (id),
  CONSTRAINT ck_attempt_no CHECK (attempt_no IN (1, 2))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The platform's classes credit hours with source 'platform'; enrolments
-- are their source_ref ('enrolment:<id>').
