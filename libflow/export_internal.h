/* Writers shared with the other modules that print JSON (summary). */
#ifndef LIBFLOW_EXPORT_INTERNAL_H
#define LIBFLOW_EXPORT_INTERNAL_H

#include <glib.h>

/* Appends v in the C locale with the fewest of 15, 16 or 17 significant
 * digits that read back exactly (1e-07, not 9.9999999999999995e-08). */
void flow__export_number(GString *s, double v);

/* Appends t as a JSON string: quotes, backslash and C0 controls escaped,
 * UTF-8 copied as is. */
void flow__export_json_string(GString *s, const char *t);

#endif
