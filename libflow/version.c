/* The run-time version of the library. */
#include "libflow/version.h"

const char *flow_version(void) { return FLOW_VERSION_STRING; }

int flow_version_number(void) { return FLOW_VERSION_NUMBER; }
