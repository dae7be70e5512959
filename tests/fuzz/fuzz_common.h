/*
 * Shared by the libFuzzer harnesses of tests/fuzz: a private scratch folder
 * and whole-file writes. Each harness defines LLVMFuzzerTestOneInput; it is
 * linked either with libFuzzer (LIBFLOW_FUZZ=ON, clang) or with
 * replay_main.c, which runs the corpus through it in the test suite.
 */
#ifndef LIBFLOW_FUZZ_COMMON_H
#define LIBFLOW_FUZZ_COMMON_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder of this process, created on first use (mkdtemp under $TMPDIR or
 * /tmp) and removed at exit with the files the harness wrote in it. */
static char fuzz_dir_path[512];
static char fuzz_files[8][600];
static int fuzz_nfiles;

static inline void fuzz_cleanup(void)
{
    for (int i = 0; i < fuzz_nfiles; i++) unlink(fuzz_files[i]);
    rmdir(fuzz_dir_path);
}

static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/libflow-fuzz-XXXXXX",
                 t && *t ? t : "/tmp");
        if (!mkdtemp(fuzz_dir_path)) abort();
        atexit(fuzz_cleanup);
    }
    return fuzz_dir_path;
}

/* The path of `name` in the folder (a static buffer per name slot). */
static inline const char *fuzz_path(const char *name)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    for (int i = 0; i < fuzz_nfiles; i++)
        if (strcmp(fuzz_files[i], path) == 0) return path;
    if (fuzz_nfiles < 8) strcpy(fuzz_files[fuzz_nfiles++], path);
    return path;
}

/* Writes data to the file `name` of the folder, or removes it when data is
 * NULL; returns the path. */
static inline const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(name);
    if (!data) {
        unlink(path);
        return path;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) abort();
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) abort();
        done += (size_t)n;
    }
    close(fd);
    return path;
}

/* Reads what a loaded network holds, so that a half-built network shows. */
static inline void fuzz_touch(const flow_network *net)
{
    size_t n = flow_network_node_count(net), sum = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = flow_network_node_id(net, i);
        if (!id || flow_network_node_index(net, id) != (int64_t)i) abort();
        sum += strlen(id);
    }
    (void)sum;
    (void)flow_network_flow_count(net);
    (void)flow_network_factor_count(net);
    (void)flow_network_group_count(net);
}

/* A failed load leaves NULL and a message. */
static inline void fuzz_check(int rc, const flow_network *net)
{
    if (rc == FLOW_OK) {
        if (!net) abort();
        fuzz_touch(net);
    } else if (net || !flow_last_error()[0]) {
        abort();
    }
}

#endif
