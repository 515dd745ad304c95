-- Dictionary codes are ASCII compared exactly (ascii_bin) in dict_item, but
-- the columns that store them were utf8mb4_unicode_ci: every lookup of a
-- code's name (dict_item's primary key (dict, code) against such a column)
-- converted dict_item.code and read the whole dictionary. Every column that
-- holds a dictionary code now has dict_item.code's character set and
-- collation, so these lookups are primary-key lookups (eq_ref/const);
-- tests/api/explain-codes.test.mjs checks it with EXPLAIN.
--
-- A code is an identifier of digits and capital letters (dict_item's
-- check); the columns keep their lengths and NULL rules. A comparison of
-- such a column with text that is not ASCII is an error in MariaDB
-- ("Illegal mix of collations"), so filters check the shape of a code
-- before they reach SQL (dict_code_valid()). dict_item.attr stays as it
-- is: it holds a code in title_qualification but a category name (准入类,
-- 水平评价类) in prof_qualification.

ALTER TABLE person
  MODIFY id_type VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;

ALTER TABLE personnel
  MODIFY ethnic VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY education VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY major_code VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY degree VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY admin_level VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY title_series VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY title_level VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY title_qualification VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY prof_qualification VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY prof_qualification_level VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL;

ALTER TABLE org
  MODIFY nature VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY industry VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY level VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
  MODIFY region_code CHAR(6) CHARACTER SET ascii COLLATE ascii_bin NULL;
