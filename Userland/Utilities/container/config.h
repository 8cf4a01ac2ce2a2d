/*
 * The container configuration: what `container run CONFIG` reads, as a plain data
 * structure, and the parser that fills it from the INI text described in
 * Documentation/ContainerConfig.md.
 *
 * The parser is a pure core: it needs libc only (plus stat() for the check that a
 * source exists), so the host test suite compiles it under ASan/UBSan.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONTAINER_NAME_MAX 63     /* fits struct atoll_container_spec with its NUL */
#define CONTAINER_HOSTNAME_MAX 64 /* Linux's HOST_NAME_MAX */
#define CONTAINER_DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define CONTAINER_DEFAULT_TMPFS_SIZE (16ull << 20)
#define CONTAINER_DEFAULT_TAR_SIZE (64ull << 20)

enum container_root_type {
	CONTAINER_ROOT_EROFS,
	CONTAINER_ROOT_TAR,
	CONTAINER_ROOT_DIR,
};

enum container_mount_type {
	CONTAINER_MOUNT_TMPFS,
	CONTAINER_MOUNT_PROC,
	CONTAINER_MOUNT_DEV,
	CONTAINER_MOUNT_BIND,
};

/* Mount options a [mount] section can ask for (`options = ro,noexec`). */
#define CONTAINER_OPT_RO 0x1
#define CONTAINER_OPT_NOEXEC 0x2

/* One [mount] section; `line` is that of its header, for later messages. */
struct container_mount {
	enum container_mount_type type;
	char *target;  /* absolute, normalised ("/tmp", never "/tmp/") */
	char *source;  /* bind: absolute host path; NULL otherwise */
	uint64_t size; /* tmpfs: bytes */
	unsigned options; /* CONTAINER_OPT_* */
	int line;
};

/*
 * A parsed file. Every string is owned by the structure (container_config_free).
 * `*_line` fields remember where a value came from, so the launcher can report a
 * run-time problem (a duplicate running name, a missing mount point) as FILE:LINE.
 */
struct container_config {
	char *file; /* the name used in messages */

	/* [container] */
	char *name;
	int name_line;
	char *hostname;   /* default: name */
	char **argv;      /* NULL-terminated; default {"/bin/sh", NULL} */
	int argc;
	char *workdir;    /* default "/" */
	uint32_t uid, gid; /* default 0:0 */
	char **env;       /* NAME=VALUE, NULL-terminated, in file order */
	size_t nenv;

	/* [root] */
	enum container_root_type root_type; /* default erofs */
	char *root_source;                  /* absolute path (relative ones are taken from the file's folder) */
	int root_line;
	uint64_t root_size; /* tar: the tmpfs size */
	bool root_readonly; /* erofs: always; tar and dir: `readonly = yes` */
	bool proc;          /* a fresh /proc (default yes) */
	bool dev;           /* a minimal /dev (default yes) */

	/* [isolation] */
	bool ns_pid, ns_mount, ns_uts; /* default yes */
	bool jail;                     /* default yes (until exit) */

	/* [mount]... in file order */
	struct container_mount *mounts;
	size_t nmounts;

	/* [limits]; 0 means no limit (the default) */
	uint64_t max_pids;
	uint64_t max_memory;

	/* Diagnostics, each "FILE:LINE: what is wrong", in the order found. */
	char **errors;
	size_t nerrors;
};

/*
 * Parses `text` (NUL-terminated) as the configuration file `file` (the name used in
 * messages; relative sources are resolved against its folder). Fills `cfg` (which
 * it zeroes first) and returns the number of errors; on errors cfg->errors holds
 * them and the rest of cfg must not be used except to free it.
 */
size_t container_config_parse(struct container_config *cfg, const char *file, const char *text)
	__attribute__((warn_unused_result));

/* Reads and parses the file at `path`; a file that cannot be read is one error
 * ("FILE:0: cannot read: REASON"). Returns the number of errors. */
size_t container_config_load(struct container_config *cfg, const char *path)
	__attribute__((warn_unused_result));

/* Prints the resolved configuration, every default filled in, as an INI file that
 * parses back to the same configuration. */
void container_config_print(const struct container_config *cfg, FILE *out);

/* Prints each error on its own line. */
void container_config_print_errors(const struct container_config *cfg, FILE *out);

/* Frees what cfg owns and zeroes it. */
void container_config_free(struct container_config *cfg);

/* "erofs", "tmpfs", ... */
const char *container_root_type_name(enum container_root_type type);
const char *container_mount_type_name(enum container_mount_type type);

/* strdup and realloc that abort on exhaustion (the launcher shares them): a
 * parser out of memory has nothing useful to report. */
char *config_strdup(const char *s);
void *config_realloc(void *ptr, size_t size);

/* Splits `s` as a shell would (words, '...', "...", backslash; no expansion) into a
 * NULL-terminated, malloc'd vector. Returns NULL and sets *why on a syntax error. */
char **container_split_command(const char *s, int *argc, const char **why);
