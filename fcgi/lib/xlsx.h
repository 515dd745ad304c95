/*
 * Reading .xlsx workbooks (Office Open XML spreadsheets) from memory, for
 * the imports (questions now, personnel later): the zip with libzip, the
 * parts with libxml2.
 *
 * The sheet is found the way the format says: _rels/.rels names the
 * workbook part, the workbook names its sheets in order with their
 * relationship ids, and the workbook's rels give each sheet's part and
 * the shared strings. Cells are read as text: shared strings (rich text
 * runs joined, phonetic runs left out), inline strings, numbers (as the
 * shortest text that reads back the same: 3, 2.5), booleans ("TRUE",
 * "FALSE"), formulas by their cached value.
 *
 * Limits guard against a hostile file: XLSX_PART_MAX bytes per part
 * inflated, XLSX_CELLS_MAX cells, rows and columns as Excel allows.
 */
#ifndef SDRZ_XLSX_H
#define SDRZ_XLSX_H

#include <stddef.h>

#include "sdrz.h"

#define XLSX_PART_MAX	(32u * 1024 * 1024)
#define XLSX_CELLS_MAX	2000000
#define XLSX_ROWS_MAX	1048576
#define XLSX_COLS_MAX	16384

struct xlsx_cell {
	unsigned	 col;	/* 0-based: A is 0 */
	char		*text;	/* never NULL; "" for an empty cell */
};

struct xlsx_row {
	unsigned		 num;	/* 1-based, as the sheet numbers it */
	struct xlsx_cell	*cells;	/* by column, ascending */
	size_t			 ncells;
};

/* One sheet's cells: rows ascending, only those that hold a cell. */
struct xlsx_sheet {
	char		*name;
	struct xlsx_row	*rows;
	size_t		 nrows;
};

/*
 * Reads sheet index (0: the first in the workbook's order) of the .xlsx
 * in data. Returns SDRZ_OK with *out (free it with xlsx_sheet_free());
 * SDRZ_ERR_INVALID when the bytes are not a readable workbook or hold no
 * such sheet, with a Chinese message for the person in *why;
 * SDRZ_ERR_NOMEM.
 */
enum sdrz_err	 xlsx_read(const void *data, size_t len, unsigned index,
		    struct xlsx_sheet **out, const char **why);
void		 xlsx_sheet_free(struct xlsx_sheet *);

/* The text of a cell (row 1-based, col 0-based), or NULL when the sheet
 * has no such cell. */
const char	*xlsx_cell(const struct xlsx_sheet *, unsigned row,
		    unsigned col);
/* The row by its number, or NULL. */
const struct xlsx_row *xlsx_row(const struct xlsx_sheet *, unsigned row);

/* "A" for 0, "AB" for 27 (out: at least 4 bytes). */
void		 xlsx_col_name(unsigned col, char *out);
/* A cell reference "B12" into its 0-based column and 1-based row; 0, or
 * -1 when it is not one. */
int		 xlsx_ref_parse(const char *ref, unsigned *col, unsigned *row);

#endif
