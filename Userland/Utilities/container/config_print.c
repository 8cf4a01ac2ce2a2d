/*
 * Prints a parsed container configuration back as INI, with every default filled
 * in: what `container check CONFIG` shows. The output parses back to the same
 * configuration (the host tests check that round trip), so words of `command` are
 * quoted the shell's way where they need it, and sizes are printed in the largest
 * unit that divides them exactly.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

static void print_word(const char *w, FILE *out)
{
	if (*w && !w[strcspn(w, " \t'\"\\")]) {
		fputs(w, out);
		return;
	}
	fputc('\'', out);
	for (; *w; w++) {
		if (*w == '\'')
			fputs("'\\''", out);
		else
			fputc(*w, out);
	}
	fputc('\'', out);
}

static void print_size(const char *key, uint64_t n, FILE *out)
{
	static const char units[] = "KMG";
	int u = -1;

	while (u < 2 && n % 1024 == 0 && n >= 1024) {
		n /= 1024;
		u++;
	}
	fprintf(out, "%s = %" PRIu64, key, n);
	if (u >= 0)
		fputc(units[u], out);
	fputc('\n', out);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_container(const struct container_config *c, FILE *out)
{
	fprintf(out, "[container]\nname = %s\n", c->name);
	if (c->hostname)
		fprintf(out, "hostname = %s\n", c->hostname);
	fputs("command =", out);
	for (int i = 0; i < c->argc; i++) {
		fputc(' ', out);
		print_word(c->argv[i], out);
	}
	fprintf(out, "\nworkdir = %s\nuser = %" PRIu32 ":%" PRIu32 "\n", c->workdir, c->uid, c->gid);
	for (size_t i = 0; i < c->nenv; i++)
		fprintf(out, "env = %s\n", c->env[i]);
}

static void print_mount(const struct container_mount *m, FILE *out)
{
	fprintf(out, "\n[mount]\ntype = %s\ntarget = %s\n", container_mount_type_name(m->type), m->target);
	if (m->source)
		fprintf(out, "source = %s\n", m->source);
	if (m->type == CONTAINER_MOUNT_TMPFS)
		print_size("size", m->size, out);
	if (m->options)
		fprintf(out, "options = %s%s%s\n", m->options & CONTAINER_OPT_RO ? "ro" : "",
			m->options == (CONTAINER_OPT_RO | CONTAINER_OPT_NOEXEC) ? "," : "",
			m->options & CONTAINER_OPT_NOEXEC ? "noexec" : "");
}

void container_config_print(const struct container_config *c, FILE *out)
{
	print_container(c, out);
	fprintf(out, "\n[root]\ntype = %s\nsource = %s\n", container_root_type_name(c->root_type), c->root_source);
	if (c->root_type == CONTAINER_ROOT_TAR)
		print_size("size", c->root_size, out);
	fprintf(out, "readonly = %s\nproc = %s\ndev = %s\n", yes_no(c->root_readonly), yes_no(c->proc), yes_no(c->dev));
	fprintf(out, "\n[isolation]\npid = %s\nmount = %s\nuts = %s\njail = %s\n", yes_no(c->ns_pid),
		yes_no(c->ns_mount), yes_no(c->ns_uts), yes_no(c->jail));
	for (size_t i = 0; i < c->nmounts; i++)
		print_mount(&c->mounts[i], out);
	if (c->max_pids || c->max_memory) {
		fputs("\n[limits]\n", out);
		if (c->max_pids)
			fprintf(out, "pids = %" PRIu64 "\n", c->max_pids);
		if (c->max_memory)
			print_size("memory", c->max_memory, out);
	}
}
