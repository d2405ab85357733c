/* `kpireport schema`: a JSON Schema of the format, generated from the schema tables so that
 * editors with a YAML language server check and complete handouts as they are typed.  Draft 7,
 * the newest draft the YAML language server (VS Code's YAML extension) reads. */
#include <string.h>

#include "dump.h"
#include "schema.h"

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void indent(FILE *out, int n)
{
	fprintf(out, "%*s", 2 * n, "");
}

/* The types below follow the loader (load.c, load_value.c) exactly, so that an editor and
 * `kpireport validate` accept the same documents (test validate.schema-agrees): a text is any
 * single value (YAML numbers and booleans are read as their text), an optional value may be
 * written empty (null), and a required text must hold more than spaces. */
#define SCALAR "\"string\", \"number\", \"boolean\""

/* A text: any single value; null when optional; non-blank when required. */
static void text_type(FILE *out, bool required)
{
	if (required)
		fputs("{\"type\": [" SCALAR "], \"minLength\": 1, \"pattern\": \"[^\\\\s]\"", out);
	else
		fputs("{\"type\": [" SCALAR ", \"null\"]", out);
}

/* A text or a list of texts (an empty entry is skipped); TEXTS_OPEN lacks the closing brace. */
#define TEXTS_OPEN                                                                             \
	"{\"oneOf\": [{\"type\": [" SCALAR ", \"null\"]}, {\"type\": \"array\", \"items\": "     \
	"{\"type\": [" SCALAR ", \"null\"]}}]"

/* Ranges the loader and the validator check on whole numbers, by key. */
static void int_range(FILE *out, const char *key)
{
	if (strcmp(key, "version") == 0)
		fputs(", \"minimum\": 1, \"maximum\": 1", out);
	else if (strcmp(key, "fiscal_year") == 0)
		fputs(", \"minimum\": 1989, \"maximum\": 2200", out);
	else if (strcmp(key, "session") == 0)
		fputs(", \"minimum\": 1", out);
}

static void object(FILE *out, const kr_schema *s, int lvl, bool nullable, const char *title);

static void field_type(FILE *out, const kr_fielddef *f, int lvl)
{
	switch (f->type) {
	case KR_T_STR:
		text_type(out, f->required);
		break;
	case KR_T_INT:
		fputs("{\"type\": \"integer\"", out);
		int_range(out, f->key);
		break;
	case KR_T_MONEY:
		fputs("{\"type\": [\"integer\", \"null\"], \"minimum\": 0, "
		      "\"maximum\": 999999999999999",
		      out);
		break;
	case KR_T_NUM:
		fputs(f->nullable ? "{\"type\": [\"number\", \"null\"]" : "{\"type\": \"number\"", out);
		break;
	case KR_T_DATE:
		fputs("{\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"", out);
		break;
	case KR_T_MONTH:
		fputs("{\"type\": \"string\", \"pattern\": \"^[0-9]{4}-[0-9]{2}$\"", out);
		break;
	case KR_T_TEXTS:
		fputs(TEXTS_OPEN, out);
		break;
	case KR_T_EXTRA:
		fputs("{\"type\": \"object\", \"additionalProperties\": " TEXTS_OPEN "}", out);
		break;
	case KR_T_SCALE:
		fputs("{\"type\": \"array\", \"minItems\": 2, \"maxItems\": 10, \"uniqueItems\": true, "
		      "\"items\": {\"oneOf\": [{\"type\": [" SCALAR "], \"minLength\": 1}, "
		      "{\"type\": \"object\", \"required\": [\"label\"], "
		      "\"additionalProperties\": false, \"properties\": {\"label\": {\"type\": "
		      "[" SCALAR "], \"minLength\": 1}, \"criterion\": {\"type\": [" SCALAR
		      ", \"null\"]}}}]}",
		      out);
		break;
	case KR_T_ENUM:
		/* Optional: also empty, or blank (the loader reads those as absent). */
		fputs(f->required ? "{\"enum\": [" : "{\"anyOf\": [{\"type\": [\"null\", \"string\"], "
						      "\"pattern\": \"^\\\\s*$\"}, {\"enum\": [", out);
		for (size_t i = 0; f->choices[i]; i++) {
			if (i)
				fputs(", ", out);
			json_str(out, f->choices[i]);
		}
		fputs(f->required ? "]" : "]}]", out);
		break;
	case KR_T_STRLIST:
		fputs("{\"type\": \"array\", \"items\": {\"type\": [" SCALAR "]}", out);
		break;
	case KR_T_OBJ:
		object(out, f->sub, lvl, !f->required, f->ja);
		return;
	case KR_T_LIST:
		fputs(f->required ? "{\"type\": \"array\", \"minItems\": 1, "
				  : "{\"type\": [\"array\", \"null\"], ",
		      out);
		if (f->ja) {
			fputs("\"title\": ", out);
			json_str(out, f->ja);
			fputs(", ", out);
		}
		fputs("\"items\": ", out);
		object(out, f->sub, lvl, false, NULL);
		fputc('}', out);
		return;
	}
	if (f->ja) {
		fputs(", \"title\": ", out);
		json_str(out, f->ja);
	}
	fputs(", \"description\": ", out);
	json_str(out, f->doc);
	fputc('}', out);
}

/* A mapping of s's keys; null allowed when nullable (an optional mapping written empty). */
static void object(FILE *out, const kr_schema *s, int lvl, bool nullable, const char *title)
{
	fputs("{\n", out);
	indent(out, lvl + 1);
	fputs(nullable ? "\"type\": [\"object\", \"null\"],\n" : "\"type\": \"object\",\n", out);
	if (title) {
		indent(out, lvl + 1);
		fputs("\"title\": ", out);
		json_str(out, title);
		fputs(",\n", out);
	}
	indent(out, lvl + 1);
	fputs("\"description\": ", out);
	json_str(out, s->doc);
	fputs(",\n", out);
	indent(out, lvl + 1);
	fputs("\"additionalProperties\": false,\n", out);
	indent(out, lvl + 1);
	fputs("\"required\": [", out);
	bool first = true;
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].required) {
			fputs(first ? "" : ", ", out);
			json_str(out, s->fields[i].key);
			first = false;
		}
	fputs("],\n", out);
	if (kr_schema_field(s, "target") && kr_schema_field(s, "target_text")) {
		/* A KPI has a target: a number, or words. */
		indent(out, lvl + 1);
		fputs("\"anyOf\": [{\"required\": [\"target\"]}, {\"required\": [\"target_text\"], "
		      "\"properties\": {\"target_text\": ",
		      out);
		text_type(out, true);
		fputs("}}}],\n", out);
	}
	indent(out, lvl + 1);
	fputs("\"properties\": {\n", out);
	for (size_t i = 0; i < s->n_fields; i++) {
		indent(out, lvl + 2);
		json_str(out, s->fields[i].key);
		fputs(": ", out);
		field_type(out, &s->fields[i], lvl + 2);
		fputs(i + 1 < s->n_fields ? ",\n" : "\n", out);
	}
	indent(out, lvl + 1);
	fputs("}\n", out);
	indent(out, lvl);
	fputc('}', out);
}

void kr_print_json_schema(FILE *out)
{
	fputs("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
	      "  \"title\": \"kpireport handout, format version 1\",\n  \"allOf\": [",
	      out);
	object(out, &kr_doc_schema, 1, false, NULL);
	fputs("]\n}\n", out);
}

static const char *type_name(const kr_fielddef *f)
{
	switch (f->type) {
	case KR_T_STR:
		return "text";
	case KR_T_INT:
		return "integer";
	case KR_T_MONEY:
		return "yen (integer)";
	case KR_T_NUM:
		return f->nullable ? "number or null" : "number";
	case KR_T_DATE:
		return "date YYYY-MM-DD";
	case KR_T_MONTH:
		return "month YYYY-MM";
	case KR_T_TEXTS:
		return "text or list of texts";
	case KR_T_SCALE:
		return "scale (list)";
	case KR_T_ENUM:
		return "one of the words";
	case KR_T_STRLIST:
		return "list of texts";
	case KR_T_OBJ:
		return "mapping";
	case KR_T_LIST:
		return "list of mappings";
	case KR_T_EXTRA:
		return "mapping of texts";
	}
	return "?";
}

static void md_table(FILE *out, const kr_schema *s, const kr_schema **seen, size_t *n_seen)
{
	for (size_t i = 0; i < *n_seen; i++)
		if (seen[i]->fields == s->fields && seen[i]->n_fields == s->n_fields)
			return;
	seen[(*n_seen)++] = s;
	fprintf(out, "\n### %s\n\n%s.\n\n| key | type | required | meaning |\n|---|---|---|---|\n",
		s->name, s->doc);
	for (size_t i = 0; i < s->n_fields; i++) {
		const kr_fielddef *f = &s->fields[i];
		fprintf(out, "| `%s` | %s", f->key, type_name(f));
		if (f->type == KR_T_ENUM) {
			fputs(":", out);
			for (size_t k = 0; f->choices[k]; k++)
				fprintf(out, " `%s`", f->choices[k]);
		}
		if (f->sub)
			fprintf(out, " (%s)", f->sub->name);
		fprintf(out, " | %s | %s |\n", f->required ? "yes" : "", f->doc);
	}
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].sub && *n_seen < 32)
			md_table(out, s->fields[i].sub, seen, n_seen);
}

void kr_print_format_doc(FILE *out)
{
	const kr_schema *seen[32];
	size_t n = 0;
	md_table(out, &kr_doc_schema, seen, &n);
}
