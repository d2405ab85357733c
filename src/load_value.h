/* The scalar values of the handout format (see load_value.c); used by the loader, which has
 * checked that the node is a scalar. */
#ifndef KR_LOAD_VALUE_H
#define KR_LOAD_VALUE_H

#include "load.h"

void kr_load_int(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_int *out);
void kr_load_money(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_money *out);
/* Sets out->invalid until the value parses. */
void kr_load_num(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_num *out);
/* month: YYYY-MM (d is 0) instead of YYYY-MM-DD. */
void kr_load_date(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_date *out,
		  bool month);

#endif
