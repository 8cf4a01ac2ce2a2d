/*
 * Host tests of the container configuration parser (Userland/Utilities/container/
 * config*.c), built with ASan/UBSan.
 *
 * Three kinds of case:
 *   good/NAME.ini   must parse without errors and print exactly good/NAME.out
 *                   (with @DIR@ standing for the folder of the .ini), and the
 *                   printed text must parse back and print the same again;
 *   bad/NAME.ini    must give exactly the errors listed in its own comments as
 *                   "# expect: LINE: MESSAGE" (in that order, FILE: added here);
 *   inline cases    below, for what needs a file of its own per message (there is
 *                   only one `command` per file), for the file-level errors, and
 *                   for the command splitter.
 *
 * Usage: config_test FIXTURE_DIR. Exits 1 if any case fails.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures, passes;
static const char *fixtures; /* absolute */

static void check(int ok, const char *what)
{
	if (ok) {
		passes++;
		return;
	}
	failures++;
	printf("FAIL: %s\n", what);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

/* `s` with every `from` replaced by `to` (malloc'd). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), n = 0;
	char *out = malloc(strlen(s) * (lt + 1) + 1);

	while (*s) {
		if (strncmp(s, from, lf) == 0) {
			memcpy(out + n, to, lt);
			n += lt;
			s += lf;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

static char *print_to_string(const struct container_config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	container_config_print(c, f);
	fclose(f);
	return buf;
}

static void show_errors(const struct container_config *c)
{
	for (size_t i = 0; i < c->nerrors; i++)
		printf("  got:  %s\n", c->errors[i]);
}

/* ---- good/ ---- */

static void good_case(const char *dir, const char *name)
{
	char ini[512], out_path[512], what[600];
	struct container_config c, again;
	char *want_raw, *want, *got, *got2;

	snprintf(ini, sizeof(ini), "%s/%s", dir, name);
	snprintf(out_path, sizeof(out_path), "%.*s.out", (int)(strlen(ini) - 4), ini);
	snprintf(what, sizeof(what), "good/%s", name);
	if (container_config_load(&c, ini)) {
		check(0, what);
		show_errors(&c);
		container_config_free(&c);
		return;
	}
	got = print_to_string(&c);
	want_raw = read_all(out_path);
	want = want_raw ? replace_all(want_raw, "@DIR@", dir) : NULL;
	check(want && strcmp(got, want) == 0, what);
	if (!want || strcmp(got, want) != 0)
		printf("  printed:\n%s  want (%s):\n%s", got, out_path, want ? want : "(missing)\n");
	snprintf(what, sizeof(what), "good/%s prints back to itself", name);
	check(container_config_parse(&again, ini, got) == 0, what);
	got2 = print_to_string(&again);
	check(strcmp(got, got2) == 0, what);
	free(got);
	free(got2);
	free(want_raw);
	free(want);
	container_config_free(&c);
	container_config_free(&again);
}

/* ---- bad/ ---- */

/* The "# expect: LINE: MESSAGE" lines of `text`, each made "FILE:LINE: MESSAGE". */
static size_t expectations(const char *file, const char *text, char ***out)
{
	const char *tag = "# expect: ";
	size_t n = 0;
	char **v = NULL;

	for (const char *s = strstr(text, tag); s; s = strstr(s, tag)) {
		const char *end = strchr(s, '\n');
		size_t len;

		s += strlen(tag);
		len = end ? (size_t)(end - s) : strlen(s);
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n] = malloc(strlen(file) + len + 2);
		sprintf(v[n], "%s:%.*s", file, (int)len, s);
		n++;
	}
	*out = v;
	return n;
}

static void compare_errors(const char *what, const struct container_config *c, char **want, size_t nwant)
{
	int ok = c->nerrors == nwant;

	for (size_t i = 0; ok && i < nwant; i++)
		ok = strcmp(c->errors[i], want[i]) == 0;
	check(ok, what);
	if (!ok) {
		show_errors(c);
		for (size_t i = 0; i < nwant; i++)
			printf("  want: %s\n", want[i]);
	}
}

static void bad_case(const char *dir, const char *name)
{
	char ini[512], what[600];
	struct container_config c;
	char *raw, *text, **want;
	size_t nwant;

	snprintf(ini, sizeof(ini), "%s/%s", dir, name);
	snprintf(what, sizeof(what), "bad/%s", name);
	raw = read_all(ini);
	text = replace_all(raw, "@DIR@", dir);
	nwant = expectations(ini, text, &want);
	check(nwant > 0, "a bad fixture lists what it expects");
	(void)!container_config_load(&c, ini);
	compare_errors(what, &c, want, nwant);
	for (size_t i = 0; i < nwant; i++)
		free(want[i]);
	free(want);
	free(raw);
	free(text);
	container_config_free(&c);
}

static void each_fixture(const char *sub, void (*fn)(const char *, const char *))
{
	char dir[512];
	struct dirent **names;
	int n;

	snprintf(dir, sizeof(dir), "%s/%s", fixtures, sub);
	n = scandir(dir, &names, NULL, alphasort);
	check(n > 2, dir);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (len > 4 && strcmp(names[i]->d_name + len - 4, ".ini") == 0)
			fn(dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

/* ---- inline cases ---- */

/* Parses `text` (with @IMG@ = an existing image file) as "t.ini"; the errors must
 * be exactly `want` (NULL-terminated, without the "t.ini:" prefix). */
static void inline_case(const char *text, const char *const *want)
{
	char img[512], *full, **w;
	struct container_config c;
	size_t n = 0;

	snprintf(img, sizeof(img), "%s/data/image.erofs", fixtures);
	full = replace_all(text, "@IMG@", img);
	while (want[n])
		n++;
	w = calloc(n + 1, sizeof(*w));
	for (size_t i = 0; i < n; i++) {
		w[i] = malloc(strlen(want[i]) + 8);
		sprintf(w[i], "t.ini:%s", want[i]);
	}
	(void)!container_config_parse(&c, "t.ini", full);
	compare_errors(text, &c, w, n);
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
	free(full);
	container_config_free(&c);
}

#define HEAD "[root]\nsource = @IMG@\n[container]\nname = t\n"
#define WANT(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void inline_cases(void)
{
	inline_case("", WANT("0: missing section [container] (it needs 'name')",
		"0: missing section [root] (it needs 'source')"));
	inline_case(HEAD "command = sh -c \"echo\n", WANT("5: bad command: unterminated double quote"));
	inline_case(HEAD "command = echo \\\n", WANT("5: bad command: it ends with a lone backslash"));
	inline_case(HEAD "command = '' x\n", WANT("5: bad command: it names no program"));
	inline_case(HEAD "command = \"\"\n", WANT("5: bad command: it names no program"));
	inline_case(HEAD "[limits]\nmemory = 0\n", WANT("6: memory must be more than 0"));
	inline_case(HEAD "[limits]\npids = 0\n", WANT("6: bad pids '0': expected a whole number from 1 up"));
	inline_case(HEAD "[limits]\npids = 99999999999999999999\n",
		WANT("6: bad pids '99999999999999999999': expected a whole number from 1 up"));
	inline_case(HEAD "[root]\n", WANT("5: section [root] already appeared on line 1 (only [mount] may repeat)"));
	inline_case(HEAD "[mount]\ntype = tmpfs\ntarget = /t\nsize = 99999999999G\n",
		WANT("8: size '99999999999G' is too large"));
	inline_case(HEAD "user = 4294967295:0\n",
		WANT("5: bad user '4294967295:0': expected UID:GID in numbers, such as 1000:1000"));
	inline_case(HEAD "user = 1000\n", WANT("5: bad user '1000': expected UID:GID in numbers, such as 1000:1000"));
	inline_case(HEAD "hostname = -x\n",
		WANT("5: bad hostname '-x': use 1 to 64 letters, digits, '-' or '.', not starting with '-' or '.'"));
	inline_case(HEAD "name = .hidden\n", WANT("5: 'name' is already set on line 4"));
	inline_case("[container]\nname = 0123456789012345678901234567890123456789012345678901234567890123\n"
		    "[root]\nsource = @IMG@\n",
		WANT("2: bad name '0123456789012345678901234567890123456789012345678901234567890123': use 1 to 63 "
		     "letters, digits, '.', '_' or '-', not starting with '.' or '-'"));
	/* Windows line ends, a key with blanks only as its value, an unknown key with
	 * nothing close. */
	inline_case("[root]\r\nsource = @IMG@\r\n[container]\r\nname = crlf\r\nworkdir =   \r\n",
		WANT("5: 'workdir' has no value"));
	inline_case(HEAD "[isolation]\nxyzzy = 1\n",
		WANT("6: unknown key 'xyzzy' in [isolation]: the keys there are pid mount uts jail"));
}

static void file_level_cases(void)
{
	struct container_config c;
	char path[] = "/tmp/config_test_XXXXXX";
	int fd;

	(void)!container_config_load(&c, "/nonexistent/c.ini");
	check(c.nerrors == 1 && strcmp(c.errors[0], "/nonexistent/c.ini:0: cannot read: No such file or directory") == 0,
		"missing file");
	container_config_free(&c);
	(void)!container_config_load(&c, "/");
	check(c.nerrors == 1 && strcmp(c.errors[0], "/:0: cannot read: Is a directory") == 0, "a directory");
	container_config_free(&c);
	fd = mkstemp(path);
	check(fd >= 0 && write(fd, "[container]\0name = x\n", 21) == 21, "temp file");
	close(fd);
	(void)!container_config_load(&c, path);
	check(c.nerrors == 1 && strstr(c.errors[0], ":0: not a text file (it holds a NUL byte)"), "NUL byte");
	container_config_free(&c);
	unlink(path);
	/* A source stat() fails on for another reason than ENOENT. */
	unlink("/tmp/config_test_loop");
	check(symlink("/tmp/config_test_loop", "/tmp/config_test_loop") == 0, "symlink loop");
	(void)!container_config_parse(&c, "t.ini", "[container]\nname = t\n[root]\nsource = /tmp/config_test_loop\n");
	check(c.nerrors == 1 && strcmp(c.errors[0],
		"t.ini:4: source '/tmp/config_test_loop': Too many levels of symbolic links") == 0, "source ELOOP");
	container_config_free(&c);
	unlink("/tmp/config_test_loop");
}

static void split_case(const char *in, const char *const *want)
{
	int argc = -1, i;
	const char *why = NULL;
	char **argv = container_split_command(in, &argc, &why);
	int ok = argv != NULL;

	for (i = 0; ok && want[i]; i++)
		ok = i < argc && strcmp(argv[i], want[i]) == 0;
	ok = ok && i == argc && argv[argc] == NULL;
	check(ok, in);
	for (i = 0; argv && argv[i]; i++) {
		if (!ok)
			printf("  word %d: [%s]\n", i, argv[i]);
		free(argv[i]);
	}
	free(argv);
}

static void split_cases(void)
{
	split_case("", (const char *const[]){ NULL });
	split_case("  a   b\tc ", WANT("a", "b", "c"));
	split_case("'a b'\"c d\"e\\ f", WANT("a bc de f"));
	split_case("\"\\$x \\\\ \\\" \\n\"", WANT("$x \\ \" \\n"));
	split_case("'\\n' '' \"\"", WANT("\\n", "", ""));
	split_case("$HOME * ~ ; |", WANT("$HOME", "*", "~", ";", "|"));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: config_test FIXTURE_DIR\n");
		return 2;
	}
	/* Sources print as absolute paths: compare against an absolute folder. */
	fixtures = realpath(argv[1], NULL);
	if (!fixtures) {
		perror(argv[1]);
		return 2;
	}
	each_fixture("good", good_case);
	each_fixture("bad", bad_case);
	inline_cases();
	file_level_cases();
	split_cases();
	printf("%d passed, %d failed\n", passes, failures);
	free((char *)fixtures);
	return failures ? 1 : 0;
}
