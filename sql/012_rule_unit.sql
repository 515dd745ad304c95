-- A study form's rule counted per unit names its unit: {kind: per_unit,
-- field, per, unit, cap?}, shown as 每 1 天 计 8 学时. The offline
-- training counts days; any other per_unit rule made on the page before
-- units existed counts items (个) until the bureau names its unit.
UPDATE study_form
  SET rule = JSON_SET(rule, '$.unit', IF(code = 'offline', '天', '个'))
  WHERE JSON_VALUE(rule, '$.kind') = 'per_unit'
    AND JSON_VALUE(rule, '$.unit') IS NULL;
