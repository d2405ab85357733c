/* Where the installed files are (templates, message catalogues): beside the running program, so
 * that an installed tree works wherever it was installed to (cmake --install --prefix DIR) and
 * after it has been moved. */
#ifndef KR_PATHS_H
#define KR_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* When the running program is an installed one (not the build folder's), writes its folder
 * joined with rel ("../share/locale") into buf and returns true; false otherwise, or when the
 * program's location cannot be read. */
bool kr_installed_path(const char *rel, char *buf, size_t cap);

#endif
