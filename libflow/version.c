/* The run-time version of the library. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "libflow/version.h"
#include "igraph_gate.h"

const char *flow_version(void) { return FLOW_VERSION_STRING; }

int flow_version_number(void) { return FLOW_VERSION_NUMBER; }

const char *flow_version_of(const char *component)
{
    static char glib[32];
    if (!component) return NULL;
    if (strcmp(component, "libflow") == 0) return FLOW_VERSION_STRING;
    if (strcmp(component, "igraph") == 0) return flow__igraph_version();
    if (strcmp(component, "glib") == 0) {
        /* the same text for every caller: written once, before it is read */
        static gsize once = 0;
        if (g_once_init_enter(&once)) {
            snprintf(glib, sizeof glib, "%u.%u.%u", glib_major_version, glib_minor_version,
                     glib_micro_version);
            g_once_init_leave(&once, 1);
        }
        return glib;
    }
    return NULL;
}
