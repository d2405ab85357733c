/* A stable text view of the validated, computed document: the tests' window into every stage. */
#ifndef KR_DUMP_H
#define KR_DUMP_H

#include <stdio.h>

#include "model.h"

void kr_dump(const kr_doc *doc, FILE *out);

/* What every cell of the template's table shows, as the cell layer makes it (cells.h): each line
 * with its kind, marker and runs tagged with their roles; then the meeting line, the legends'
 * entries and the notes.  `kpireport dump --cells`. */
void kr_dump_cells(const kr_doc *doc, FILE *out);

/* Prints the JSON Schema of the format (draft 2020-12), read from the schema tables. */
void kr_print_json_schema(FILE *out);

/* Prints the key tables of docs/format.md (Markdown), read from the same tables. */
void kr_print_format_doc(FILE *out);

#endif
