/*
 * libflow.h - the umbrella header: includes every libflow module.
 *
 * Modules: common (status codes, flow_free), error (per-thread last error),
 * version, network (the model and builder), io (loading CSV data sets),
 * selection (factors, years, direction, level), result (scores and edge
 * lists), summary, export, and the analyses: centrality, bottleneck,
 * cluster, structure, brokerage; and report (HTML report, SVG flow maps).
 *
 * Since 0.1.
 */
#ifndef LIBFLOW_H
#define LIBFLOW_H

#include "libflow/common.h"
#include "libflow/error.h"
#include "libflow/version.h"
#include "libflow/network.h"
#include "libflow/io.h"
#include "libflow/selection.h"
#include "libflow/table.h"
#include "libflow/registry.h"
#include "libflow/summary.h"
#include "libflow/export.h"
#include "libflow/centrality.h"
#include "libflow/bottleneck.h"
#include "libflow/cluster.h"
#include "libflow/structure.h"
#include "libflow/brokerage.h"
#include "libflow/gravity.h"
#include "libflow/significance.h"
#include "libflow/report.h"

#endif /* LIBFLOW_H */
