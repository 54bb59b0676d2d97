/* addon.c - Node-API glue for diag_dump.c. Built by scripts/build-addon.mjs (node-gyp, binding.gyp
 * in this folder). The JavaScript side is src/sources/netlink/.
 *
 *   dump(flags, pid[, fault])   -> result   synchronous: start + finish
 *   start(flags, pid[, fault])  -> job      the dump runs on a helper thread meanwhile
 *   finish(job)        -> result          joins it; throws what the dump met
 *
 * flags: 1 = records, 2 = per-family v2 dumps instead of one single-walk dump. pid: 0 = the caller's own network namespace, a pid for /proc/<pid>/ns/net,
 * or a string: the path of a namespace file (e.g. /run/netns/NAME). fault: a test hook, the name
 * of a failure to inject (diag_dump.h TD_FAULT_*).
 * result: { counts: Float64Array(32) (IPv4 slots 0..15 then IPv6 16..31, by state code),
 *           sockets, recvCalls, bytes, retries, ipv6 (false when the kernel has none),
 *           netnsInode, elapsedMs, method ("single-walk" | "per-family"),
 *           records?: ArrayBuffer (recordSize bytes per socket) }
 * errors: Error with code ("EPERM", ...), errno, syscall (the stage), family, attempts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diag_dump.h"

#define CHECK(call)                   \
    do {                              \
        if ((call) != napi_ok) {      \
            return throw_internal(env, #call); \
        }                             \
    } while (0)

static napi_value throw_internal(napi_env env, const char *what)
{
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_error(env, "EINTERNAL", what);
    return NULL;
}

static void set_str(napi_env env, napi_value obj, const char *key, const char *val)
{
    napi_value v;
    if (napi_create_string_utf8(env, val, NAPI_AUTO_LENGTH, &v) == napi_ok) napi_set_named_property(env, obj, key, v);
}

static void set_num(napi_env env, napi_value obj, const char *key, double val)
{
    napi_value v;
    if (napi_create_double(env, val, &v) == napi_ok) napi_set_named_property(env, obj, key, v);
}

static napi_value throw_dump_error(napi_env env, const struct td_error *e)
{
    const char *name = td_errno_name(e->err);
    char code[24], msg[400];
    if (name) snprintf(code, sizeof code, "%s", name);
    else snprintf(code, sizeof code, "E%d", e->err);
    const char *fam = e->family == AF_INET ? "AF_INET" : e->family == AF_INET6 ? "AF_INET6" : NULL;
    snprintf(msg, sizeof msg, "sock_diag %s%s%s: %s%s%s", e->stage ? e->stage : "dump", fam ? " " : "", fam ? fam : "",
             strerror(e->err), e->detail[0] ? " - " : "", e->detail);
    napi_value jcode, jmsg, err;
    if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &jcode) != napi_ok ||
        napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &jmsg) != napi_ok ||
        napi_create_error(env, jcode, jmsg, &err) != napi_ok)
        return throw_internal(env, "cannot create the error object");
    set_num(env, err, "errno", e->err);
    set_str(env, err, "syscall", e->stage ? e->stage : "dump");
    if (fam) set_str(env, err, "family", fam);
    set_num(env, err, "attempts", e->attempts);
    if (e->detail[0]) set_str(env, err, "detail", e->detail);
    napi_throw(env, err);
    return NULL;
}

static void job_free(struct td_job *job)
{
    if (!job) return;
    td_join(job);
    td_release(job);
    free(job);
}

static void job_finalize(napi_env env, void *data, void *hint)
{
    (void)env;
    (void)hint;
    job_free((struct td_job *)data);
}

/* Parses (flags, pid), opens the namespace and starts the thread. NULL with an exception set. */
static struct td_job *job_start(napi_env env, napi_callback_info info)
{
    size_t argc = 3;
    napi_value argv[3];
    if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
        throw_internal(env, "napi_get_cb_info");
        return NULL;
    }
    char fault[32] = "";
    if (argc >= 3) {
        napi_valuetype ft = napi_undefined;
        napi_typeof(env, argv[2], &ft);
        size_t flen = 0;
        if (ft == napi_string) napi_get_value_string_utf8(env, argv[2], fault, sizeof fault, &flen);
    }
    uint32_t flags = 0, pid = 0;
    char path[512] = "";
    if (argc >= 1 && napi_get_value_uint32(env, argv[0], &flags) != napi_ok) {
        napi_throw_type_error(env, "EINVAL", "flags must be a number");
        return NULL;
    }
    if (argc >= 2) {
        napi_valuetype type = napi_undefined;
        napi_typeof(env, argv[1], &type);
        size_t len = 0;
        if (type == napi_string) {
            /* A namespace file, e.g. /run/netns/NAME (ip netns add) */
            if (napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len) != napi_ok || len == 0 ||
                len >= sizeof path - 1) {
                napi_throw_type_error(env, "EINVAL", "the namespace path is empty or too long");
                return NULL;
            }
        } else if (napi_get_value_uint32(env, argv[1], &pid) != napi_ok) {
            napi_throw_type_error(env, "EINVAL", "the namespace must be a pid or a path");
            return NULL;
        } else if (pid != 0) {
            snprintf(path, sizeof path, "/proc/%u/ns/net", pid);
        }
    }
    struct td_job *job = calloc(1, sizeof *job);
    if (!job) {
        napi_throw_error(env, "ENOMEM", "out of memory");
        return NULL;
    }
    job->flags = (int)flags;
    job->nsfd = -1;
    job->fault = td_fault_parse(fault);
    if (path[0]) {
        job->nsfd = open(path, O_RDONLY | O_CLOEXEC);
        if (job->nsfd < 0) {
            struct td_error e = {.err = errno, .stage = "open"};
            snprintf(e.detail, sizeof e.detail, "%s", path);
            job_free(job);
            throw_dump_error(env, &e);
            return NULL;
        }
    }
    int rc = td_start(job);
    if (rc) {
        struct td_error e = {.err = rc, .stage = "pthread_create"};
        job_free(job);
        throw_dump_error(env, &e);
        return NULL;
    }
    return job;
}

/* Joins the job and turns it into the result object (or throws). Does not free the job. */
static napi_value job_result(napi_env env, struct td_job *job)
{
    td_join(job);
    if (job->error.err) return throw_dump_error(env, &job->error);

    napi_value result, ab, counts;
    void *data;
    CHECK(napi_create_object(env, &result));
    CHECK(napi_create_arraybuffer(env, sizeof job->counts, &data, &ab));
    memcpy(data, job->counts, sizeof job->counts);
    CHECK(napi_create_typedarray(env, napi_float64_array, 2 * TD_SLOTS, ab, 0, &counts));
    CHECK(napi_set_named_property(env, result, "counts", counts));
    double sockets = 0;
    for (int i = 0; i < 2 * TD_SLOTS; i++) sockets += job->counts[i];
    set_num(env, result, "sockets", sockets);
    set_num(env, result, "recvCalls", job->recv_calls);
    set_num(env, result, "bytes", (double)job->bytes);
    set_num(env, result, "retries", job->retries);
    set_num(env, result, "netnsInode", (double)job->netns_inode);
    set_num(env, result, "elapsedMs", job->elapsed_ms);
    set_str(env, result, "method", job->method == TD_METHOD_SINGLE_WALK ? "single-walk" : "per-family");
    napi_value v6;
    CHECK(napi_get_boolean(env, !job->ipv6_missing, &v6));
    CHECK(napi_set_named_property(env, result, "ipv6", v6));
    if (job->flags & TD_FLAG_RECORDS) {
        napi_value rec;
        void *rdata;
        CHECK(napi_create_arraybuffer(env, job->records_len, &rdata, &rec));
        if (job->records_len) memcpy(rdata, job->records, job->records_len);
        CHECK(napi_set_named_property(env, result, "records", rec));
    }
    return result;
}

static napi_value Dump(napi_env env, napi_callback_info info)
{
    struct td_job *job = job_start(env, info);
    if (!job) return NULL;
    napi_value result = job_result(env, job);
    job_free(job);
    return result;
}

static napi_value Start(napi_env env, napi_callback_info info)
{
    struct td_job *job = job_start(env, info);
    if (!job) return NULL;
    napi_value ext;
    if (napi_create_external(env, job, job_finalize, NULL, &ext) != napi_ok) {
        job_free(job);
        return throw_internal(env, "napi_create_external");
    }
    return ext;
}

static napi_value Finish(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value argv[1];
    void *data = NULL;
    napi_valuetype type = napi_undefined;
    if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
        napi_typeof(env, argv[0], &type) != napi_ok || type != napi_external ||
        napi_get_value_external(env, argv[0], &data) != napi_ok || !data) {
        napi_throw_type_error(env, "EINVAL", "finish() wants the job start() returned");
        return NULL;
    }
    struct td_job *job = data;
    if (job->finished) {
        napi_throw_error(env, "EINVAL", "finish() was already called for this job");
        return NULL;
    }
    job->finished = 1;
    napi_value result = job_result(env, job);
    /* The records are copied out; the external is freed by its finalizer. */
    td_release(job);
    return result;
}

NAPI_MODULE_INIT()
{
    napi_property_descriptor props[] = {
        {"dump", NULL, Dump, NULL, NULL, NULL, napi_enumerable, NULL},
        {"start", NULL, Start, NULL, NULL, NULL, napi_enumerable, NULL},
        {"finish", NULL, Finish, NULL, NULL, NULL, napi_enumerable, NULL},
    };
    if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
    set_num(env, exports, "formatVersion", TD_FORMAT_VERSION);
    set_num(env, exports, "recordSize", TD_RECORD_SIZE);
    set_num(env, exports, "stateMask", TD_STATE_MASK);
    return exports;
}
