/* `kpireport schema`: a JSON Schema of the format, generated from the schema tables so that
 * editors with a YAML language server check and complete handouts as they are typed. */
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

static const char *const texts_schema =
	"{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\", \"items\": {\"type\": \"string\"}}]}";

static void object(FILE *out, const kr_schema *s, int lvl);

static void field_type(FILE *out, const kr_fielddef *f, int lvl)
{
	switch (f->type) {
	case KR_T_STR:
		fputs("{\"type\": [\"string\", \"number\"]", out);
		break;
	case KR_T_INT:
		fputs("{\"type\": \"integer\"", out);
		break;
	case KR_T_MONEY:
		fputs("{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 999999999999999", out);
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
	case KR_T_EXTRA:
		if (f->type == KR_T_EXTRA)
			fprintf(out, "{\"type\": \"object\", \"additionalProperties\": %s", texts_schema);
		else
			fprintf(out, "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\", "
				     "\"items\": {\"type\": \"string\"}}]");
		break;
	case KR_T_SCALE:
		fputs("{\"type\": \"array\", \"minItems\": 2, \"maxItems\": 10, \"items\": {\"oneOf\": "
		      "[{\"type\": \"string\"}, {\"type\": \"object\", \"required\": [\"label\"], "
		      "\"additionalProperties\": false, \"properties\": {\"label\": {\"type\": "
		      "\"string\"}, \"criterion\": {\"type\": \"string\"}}}]}",
		      out);
		break;
	case KR_T_ENUM:
		fputs("{\"enum\": [", out);
		for (size_t i = 0; f->choices[i]; i++) {
			if (i)
				fputs(", ", out);
			json_str(out, f->choices[i]);
		}
		fputc(']', out);
		break;
	case KR_T_STRLIST:
		fputs("{\"type\": \"array\", \"items\": {\"type\": \"string\"}", out);
		break;
	case KR_T_OBJ:
		object(out, f->sub, lvl);
		return;
	case KR_T_LIST:
		fputs("{\"type\": \"array\", ", out);
		if (f->required)
			fputs("\"minItems\": 1, ", out);
		fputs("\"items\": ", out);
		object(out, f->sub, lvl);
		fputc('}', out);
		return;
	}
	fputs(", \"description\": ", out);
	json_str(out, f->doc);
	fputc('}', out);
}

static void object(FILE *out, const kr_schema *s, int lvl)
{
	fputs("{\n", out);
	indent(out, lvl + 1);
	fputs("\"type\": \"object\",\n", out);
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
	fputs("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
	      "  \"title\": \"kpireport handout, format version 1\",\n  \"allOf\": [",
	      out);
	object(out, &kr_doc_schema, 1);
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
