/*
 * What the three parts of the configuration parser share: config.c (lines, sections,
 * keys), config_values.c (the syntax of each kind of value) and config_check.c (what
 * holds between keys: required keys, contradictions, sources that must exist).
 */
#pragma once

#include "config.h"

#include <stdbool.h>
#include <stdint.h>

enum config_section {
	SEC_NONE = -1,
	SEC_CONTAINER,
	SEC_ROOT,
	SEC_ISOLATION,
	SEC_MOUNT,
	SEC_LIMITS,
	SEC_COUNT,
};

/* Key indices within each section; they index parser.key_line[section][...]. */
enum { K_NAME, K_HOSTNAME, K_COMMAND, K_WORKDIR, K_USER, K_ENV };
enum { K_ROOT_TYPE, K_ROOT_SOURCE, K_ROOT_SIZE, K_ROOT_READONLY, K_ROOT_PROC, K_ROOT_DEV };
enum { K_PID, K_MOUNTNS, K_UTS, K_JAIL };
enum { K_MOUNT_TYPE, K_MOUNT_TARGET, K_MOUNT_SOURCE, K_MOUNT_SIZE, K_MOUNT_OPTIONS };
enum { K_PIDS, K_MEMORY };
#define CONFIG_KEYS_MAX 6

/* Where each key of each section was set (0: not set). For [mount], the lines of
 * the section being read; each finished mount keeps its own copy in mount_lines. */
struct config_parser {
	struct container_config *cfg;
	char *dir; /* folder of the file, for relative sources */
	int line;  /* the line being read */
	int nlines;
	enum config_section section;
	int section_line[SEC_COUNT]; /* header line of each section's first appearance */
	int key_line[SEC_COUNT][CONFIG_KEYS_MAX];
	int (*mount_lines)[CONFIG_KEYS_MAX]; /* one row per cfg->mounts entry */
	int *error_lines;                     /* the line of each cfg->errors entry */
};

/* Appends "FILE:LINE: MESSAGE" to cfg->errors. */
void config_error(struct config_parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Value syntax (config_values.c). Each returns false after reporting at p->line. */
bool config_parse_bool(struct config_parser *p, const char *key, const char *v, bool *out);
bool config_parse_size(struct config_parser *p, const char *key, const char *v, uint64_t *out);
bool config_parse_count(struct config_parser *p, const char *key, const char *v, uint64_t *out);
bool config_parse_user(struct config_parser *p, const char *v, uint32_t *uid, uint32_t *gid);
bool config_check_name(struct config_parser *p, const char *v);
bool config_check_hostname(struct config_parser *p, const char *v);
bool config_check_env(struct config_parser *p, const char *v);
/* An absolute path inside the container, normalised; NULL after reporting. */
char *config_container_path(struct config_parser *p, const char *key, const char *v);
/* A host path, made absolute against the config file's folder. */
char *config_host_path(struct config_parser *p, const char *v);
bool config_parse_options(struct config_parser *p, const char *v, unsigned *out);

/* The closest of `names` (NULL-terminated) to `word`, or NULL when none is close. */
const char *config_suggest(const char *word, const char *const *names);

/* Cross-key checks and defaults, once the whole file is read (config_check.c). */
void config_check_all(struct config_parser *p);
