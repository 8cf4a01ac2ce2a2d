/*
 * The container configuration parser: lines, sections and keys.
 *
 * The file is read line by line. A line is blank, a comment (first non-blank
 * character '#' or ';'), a section header `[name]`, or `key = value` with blanks
 * around both trimmed. There are no inline comments: everything after '=' is the
 * value. Each key belongs to one section and is handed to its setter, which checks
 * the value's own syntax (config_values.c); what must hold between keys is checked
 * once the whole file is read (config_check.c).
 *
 * The parser never stops at the first error: it reports every one it finds, as
 * "FILE:LINE: what is wrong", so that a user fixes a file in one pass. A section
 * or key it does not know is reported with the closest known name when one is
 * near (edit distance), or with the section it belongs to.
 *
 * Invariant: after container_config_parse() returns 0, every field of the
 * configuration holds a valid value (defaults filled in); the launcher checks
 * nothing syntactic again.
 */
#include "config_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A key: its setter, or for a yes/no key (set == NULL) the offset of its bool
 * in struct container_config. */
struct config_key {
	const char *name;
	void (*set)(struct config_parser *p, const char *value);
	bool repeats;
	size_t flag;
};

#define FLAG(key, field) { key, NULL, false, offsetof(struct container_config, field) }

struct config_section_info {
	const char *name;
	const struct config_key *keys;
	bool repeats;
};

static struct container_mount *current_mount(struct config_parser *p)
{
	return &p->cfg->mounts[p->cfg->nmounts - 1];
}

/* ---- [container] ---- */

static void set_name(struct config_parser *p, const char *v)
{
	if (config_check_name(p, v))
		p->cfg->name = config_strdup(v);
	p->cfg->name_line = p->line;
}

static void set_hostname(struct config_parser *p, const char *v)
{
	if (config_check_hostname(p, v))
		p->cfg->hostname = config_strdup(v);
}

static void set_command(struct config_parser *p, const char *v)
{
	const char *why = NULL;
	int argc = 0;
	char **argv = container_split_command(v, &argc, &why);

	if (!argv) {
		config_error(p, p->line, "bad command: %s", why);
		return;
	}
	if (argc == 0 || argv[0][0] == '\0') {
		config_error(p, p->line, "bad command: it names no program");
		for (int i = 0; i < argc; i++)
			free(argv[i]);
		free(argv);
		return;
	}
	p->cfg->argv = argv;
	p->cfg->argc = argc;
}

static void set_workdir(struct config_parser *p, const char *v)
{
	p->cfg->workdir = config_container_path(p, "workdir", v);
}

static void set_user(struct config_parser *p, const char *v)
{
	config_parse_user(p, v, &p->cfg->uid, &p->cfg->gid);
}

static void set_env(struct config_parser *p, const char *v)
{
	struct container_config *c = p->cfg;

	if (!config_check_env(p, v))
		return;
	c->env = config_realloc(c->env, (c->nenv + 2) * sizeof(char *));
	c->env[c->nenv++] = config_strdup(v);
	c->env[c->nenv] = NULL;
}

/* ---- [root] ---- */

static void set_root_type(struct config_parser *p, const char *v)
{
	if (strcmp(v, "erofs") == 0)
		p->cfg->root_type = CONTAINER_ROOT_EROFS;
	else if (strcmp(v, "tar") == 0)
		p->cfg->root_type = CONTAINER_ROOT_TAR;
	else if (strcmp(v, "dir") == 0)
		p->cfg->root_type = CONTAINER_ROOT_DIR;
	else
		config_error(p, p->line, "bad root type '%s': expected erofs, tar or dir", v);
}

static void set_root_source(struct config_parser *p, const char *v)
{
	p->cfg->root_source = config_host_path(p, v);
	p->cfg->root_line = p->line;
}

static void set_root_size(struct config_parser *p, const char *v)
{
	config_parse_size(p, "size", v, &p->cfg->root_size);
}

/* ---- [mount] ---- */

static void set_mount_type(struct config_parser *p, const char *v)
{
	static const char *const names[] = { "tmpfs", "proc", "dev", "bind", NULL };

	for (int i = 0; names[i]; i++) {
		if (strcmp(v, names[i]) == 0) {
			current_mount(p)->type = (enum container_mount_type)i;
			return;
		}
	}
	config_error(p, p->line, "bad mount type '%s': expected tmpfs, proc, dev or bind", v);
}

static void set_mount_target(struct config_parser *p, const char *v)
{
	current_mount(p)->target = config_container_path(p, "target", v);
}

static void set_mount_source(struct config_parser *p, const char *v)
{
	current_mount(p)->source = config_host_path(p, v);
}

static void set_mount_size(struct config_parser *p, const char *v)
{
	config_parse_size(p, "size", v, &current_mount(p)->size);
}

static void set_mount_options(struct config_parser *p, const char *v)
{
	config_parse_options(p, v, &current_mount(p)->options);
}

/* ---- [limits] ---- */

static void set_pids(struct config_parser *p, const char *v)
{
	config_parse_count(p, "pids", v, &p->cfg->max_pids);
}

static void set_memory(struct config_parser *p, const char *v)
{
	config_parse_size(p, "memory", v, &p->cfg->max_memory);
}

/* The tables; each key's position is its K_* index (config_internal.h). */
static const struct config_key container_keys[] = {
	{ "name", set_name, false, 0 },       { "hostname", set_hostname, false, 0 },
	{ "command", set_command, false, 0 }, { "workdir", set_workdir, false, 0 },
	{ "user", set_user, false, 0 },       { "env", set_env, true, 0 },
	{ NULL, NULL, false, 0 },
};
static const struct config_key root_keys[] = {
	{ "type", set_root_type, false, 0 },         { "source", set_root_source, false, 0 },
	{ "size", set_root_size, false, 0 },         FLAG("readonly", root_readonly),
	FLAG("proc", proc),                       FLAG("dev", dev),
	{ NULL, NULL, false, 0 },
};
static const struct config_key isolation_keys[] = {
	FLAG("pid", ns_pid), FLAG("mount", ns_mount),
	FLAG("uts", ns_uts), FLAG("jail", jail),
	{ NULL, NULL, false, 0 },
};
static const struct config_key mount_keys[] = {
	{ "type", set_mount_type, false, 0 },   { "target", set_mount_target, false, 0 },
	{ "source", set_mount_source, false, 0 }, { "size", set_mount_size, false, 0 },
	{ "options", set_mount_options, false, 0 },
	{ NULL, NULL, false, 0 },
};
static const struct config_key limits_keys[] = {
	{ "pids", set_pids, false, 0 }, { "memory", set_memory, false, 0 },
	{ NULL, NULL, false, 0 },
};
static const struct config_section_info sections[SEC_COUNT] = {
	[SEC_CONTAINER] = { "container", container_keys, false },
	[SEC_ROOT] = { "root", root_keys, false },
	[SEC_ISOLATION] = { "isolation", isolation_keys, false },
	[SEC_MOUNT] = { "mount", mount_keys, true },
	[SEC_LIMITS] = { "limits", limits_keys, false },
};
static const char *const section_names[] = { "container", "root", "isolation", "mount", "limits", NULL };

/* ---- diagnostics and memory ---- */

void config_error(struct config_parser *p, int line, const char *fmt, ...)
{
	struct container_config *c = p->cfg;
	char msg[512];
	va_list ap;
	size_t n;

	n = (size_t)snprintf(msg, sizeof(msg), "%s:%d: ", c->file, line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	c->errors = config_realloc(c->errors, (c->nerrors + 1) * sizeof(char *));
	p->error_lines = config_realloc(p->error_lines, (c->nerrors + 1) * sizeof(int));
	p->error_lines[c->nerrors] = line;
	c->errors[c->nerrors++] = config_strdup(msg);
}

/* Orders the errors by line, keeping the order found within a line (insertion
 * sort: stable, and the lists are short). */
static void sort_errors(struct config_parser *p)
{
	struct container_config *c = p->cfg;

	for (size_t i = 1; i < c->nerrors; i++) {
		char *msg = c->errors[i];
		int line = p->error_lines[i];
		size_t j = i;

		for (; j > 0 && p->error_lines[j - 1] > line; j--) {
			c->errors[j] = c->errors[j - 1];
			p->error_lines[j] = p->error_lines[j - 1];
		}
		c->errors[j] = msg;
		p->error_lines[j] = line;
	}
}

void *config_realloc(void *ptr, size_t size)
{
	void *q = realloc(ptr, size);

	if (!q) {
		fputs("container: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *config_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(config_realloc(NULL, n), s, n);
}

/* ---- lines ---- */

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int find_section(const char *name)
{
	for (int i = 0; i < SEC_COUNT; i++)
		if (strcmp(sections[i].name, name) == 0)
			return i;
	return SEC_NONE;
}

static int find_key(enum config_section s, const char *key)
{
	const struct config_key *k = sections[s].keys;

	for (int i = 0; k[i].name; i++)
		if (strcmp(k[i].name, key) == 0)
			return i;
	return -1;
}

/* Finishes the section being read: a [mount] keeps the lines of its keys. */
static void end_section(struct config_parser *p)
{
	if (p->section == SEC_MOUNT)
		memcpy(p->mount_lines[p->cfg->nmounts - 1], p->key_line[SEC_MOUNT], sizeof(p->key_line[SEC_MOUNT]));
}

static void begin_mount(struct config_parser *p)
{
	struct container_config *c = p->cfg;

	c->mounts = config_realloc(c->mounts, (c->nmounts + 1) * sizeof(*c->mounts));
	p->mount_lines = config_realloc(p->mount_lines, (c->nmounts + 1) * sizeof(*p->mount_lines));
	memset(&c->mounts[c->nmounts], 0, sizeof(*c->mounts));
	c->mounts[c->nmounts].line = p->line;
	c->mounts[c->nmounts].type = (enum container_mount_type)-1; /* checked: 'type' is required */
	c->nmounts++;
	memset(p->key_line[SEC_MOUNT], 0, sizeof(p->key_line[SEC_MOUNT]));
}

static void section_line(struct config_parser *p, char *s)
{
	size_t n = strlen(s);
	char *name;
	int sec;
	const char *near;

	end_section(p);
	p->section = SEC_COUNT; /* keys under a bad header are skipped quietly */
	if (n < 3 || s[n - 1] != ']') {
		config_error(p, p->line, "bad section header '%s': expected [name]", s);
		return;
	}
	s[n - 1] = '\0';
	name = trim(s + 1);
	sec = find_section(name);
	if (sec == SEC_NONE) {
		near = config_suggest(name, section_names);
		if (near)
			config_error(p, p->line, "unknown section [%s] (did you mean [%s]?)", name, near);
		else
			config_error(p, p->line, "unknown section [%s]: the sections are [container] [root] [isolation] [mount] [limits]", name);
		return;
	}
	if (p->section_line[sec] && !sections[sec].repeats) {
		config_error(p, p->line, "section [%s] already appeared on line %d (only [mount] may repeat)",
			name, p->section_line[sec]);
		return;
	}
	if (!p->section_line[sec])
		p->section_line[sec] = p->line;
	p->section = sec;
	if (sec == SEC_MOUNT)
		begin_mount(p);
}

/* The sections other than `s` that know `key`, as " [a] or [b]"; "" when none. */
static void sections_with_key(enum config_section s, const char *key, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < SEC_COUNT; i++) {
		if (i == (int)s || find_key(i, key) < 0)
			continue;
		n += (size_t)snprintf(out + n, size - n, "%s[%s]", n ? " or " : "", sections[i].name);
		if (n >= size)
			break;
	}
}

static void unknown_key(struct config_parser *p, const char *key)
{
	const struct config_key *keys = sections[p->section].keys;
	const char *names[CONFIG_KEYS_MAX + 1];
	char elsewhere[128], list[128];
	const char *near;
	size_t n = 0;
	int i;

	sections_with_key(p->section, key, elsewhere, sizeof(elsewhere));
	if (elsewhere[0]) {
		config_error(p, p->line, "unknown key '%s' in [%s] ('%s' belongs in %s)", key,
			sections[p->section].name, key, elsewhere);
		return;
	}
	for (i = 0; keys[i].name; i++)
		names[i] = keys[i].name;
	names[i] = NULL;
	near = config_suggest(key, names);
	if (near) {
		config_error(p, p->line, "unknown key '%s' in [%s] (did you mean '%s'?)", key, sections[p->section].name, near);
		return;
	}
	list[0] = '\0';
	for (i = 0; keys[i].name; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? " " : "", keys[i].name);
	config_error(p, p->line, "unknown key '%s' in [%s]: the keys there are %s", key, sections[p->section].name, list);
}

static void key_outside_section(struct config_parser *p, const char *key)
{
	char where[128];

	sections_with_key(SEC_NONE, key, where, sizeof(where));
	if (where[0])
		config_error(p, p->line, "'%s' comes before any section (put it under %s)", key, where);
	else
		config_error(p, p->line, "'%s' comes before any section, and no section knows it", key);
}

static void key_line(struct config_parser *p, char *s)
{
	char *eq = strchr(s, '=');
	char *key, *value;
	int k;

	if (!eq) {
		config_error(p, p->line, "expected '[section]' or 'key = value', got '%s'", s);
		return;
	}
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (!*key) {
		config_error(p, p->line, "a value with no key: '= %s'", value);
		return;
	}
	if (p->section == SEC_NONE) {
		key_outside_section(p, key);
		return;
	}
	if (p->section == SEC_COUNT)
		return; /* under a section already reported */
	k = find_key(p->section, key);
	if (k < 0) {
		unknown_key(p, key);
		return;
	}
	if (p->key_line[p->section][k] && !sections[p->section].keys[k].repeats) {
		config_error(p, p->line, "'%s' is already set on line %d", key, p->key_line[p->section][k]);
		return;
	}
	p->key_line[p->section][k] = p->line;
	if (!*value) {
		config_error(p, p->line, "'%s' has no value", key);
		return;
	}
	if (sections[p->section].keys[k].set)
		sections[p->section].keys[k].set(p, value);
	else
		config_parse_bool(p, key, value, (bool *)((char *)p->cfg + sections[p->section].keys[k].flag));
}

static void parse_line(struct config_parser *p, char *raw)
{
	char *s = trim(raw);

	if (*s == '\0' || *s == '#' || *s == ';')
		return;
	if (*s == '[')
		section_line(p, s);
	else
		key_line(p, s);
}

static void set_defaults(struct container_config *c)
{
	c->root_type = CONTAINER_ROOT_EROFS;
	c->proc = c->dev = true;
	c->ns_pid = c->ns_mount = c->ns_uts = true;
	c->jail = true;
}

/* The absolute folder of `file` (relative names are taken from the cwd). */
static char *folder_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	size_t len = slash ? (size_t)(slash - file) : 0;
	char cwd[4096], *dir;

	if (file[0] == '/')
		cwd[0] = '\0';
	else if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "."); /* a vanished cwd: relative sources stay relative */
	dir = config_realloc(NULL, strlen(cwd) + len + 2);
	strcpy(dir, cwd);
	if (len) {
		if (cwd[0] && strcmp(cwd, "/") != 0)
			strcat(dir, "/");
		strncat(dir, file, len);
	}
	if (!dir[0])
		strcpy(dir, "/");
	return dir;
}

size_t container_config_parse(struct container_config *cfg, const char *file, const char *text)
{
	struct config_parser p = { .cfg = cfg, .section = SEC_NONE };
	char *copy, *line, *next;

	memset(cfg, 0, sizeof(*cfg));
	cfg->file = config_strdup(file);
	set_defaults(cfg);
	p.dir = folder_of(file);
	copy = config_strdup(text);
	for (line = copy; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!next && !*line)
			break; /* the empty piece after a final newline */
		p.line++;
		parse_line(&p, line);
	}
	p.nlines = p.line;
	end_section(&p);
	config_check_all(&p);
	sort_errors(&p);
	free(p.error_lines);
	free(copy);
	free(p.dir);
	free(p.mount_lines);
	return cfg->nerrors;
}

/* A file-level error: "FILE:0: MESSAGE" as the only error. */
static size_t load_error(struct container_config *cfg, const char *path, const char *msg)
{
	struct config_parser p = { .cfg = cfg };

	memset(cfg, 0, sizeof(*cfg));
	cfg->file = config_strdup(path);
	config_error(&p, 0, "%s", msg);
	free(p.error_lines);
	return cfg->nerrors;
}

size_t container_config_load(struct container_config *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, why[160];
	size_t len = 0, cap = 0, n, errors;

	if (!f)
		goto fail;
	do {
		if (cap - len < 4096)
			text = config_realloc(text, cap = cap * 2 + 4096);
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	if (ferror(f)) {
		fclose(f);
		free(text);
		goto fail;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		free(text);
		return load_error(cfg, path, "not a text file (it holds a NUL byte)");
	}
	errors = container_config_parse(cfg, path, text);
	free(text);
	return errors;
fail:
	snprintf(why, sizeof(why), "cannot read: %s", strerror(errno));
	return load_error(cfg, path, why);
}

static void free_vector(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void container_config_free(struct container_config *cfg)
{
	free(cfg->file);
	free(cfg->name);
	free(cfg->hostname);
	free_vector(cfg->argv);
	free(cfg->workdir);
	free_vector(cfg->env);
	free(cfg->root_source);
	for (size_t i = 0; i < cfg->nmounts; i++) {
		free(cfg->mounts[i].target);
		free(cfg->mounts[i].source);
	}
	free(cfg->mounts);
	for (size_t i = 0; i < cfg->nerrors; i++)
		free(cfg->errors[i]);
	free(cfg->errors);
	memset(cfg, 0, sizeof(*cfg));
}

void container_config_print_errors(const struct container_config *cfg, FILE *out)
{
	for (size_t i = 0; i < cfg->nerrors; i++)
		fprintf(out, "%s\n", cfg->errors[i]);
}
