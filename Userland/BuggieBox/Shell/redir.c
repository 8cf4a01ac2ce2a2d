/*
 * Redirections: open the target, move it onto the numbered fd.
 *
 * For commands the shell runs itself (builtins, functions, compound commands)
 * the fd being replaced is first copied above 10 with close-on-exec and put back
 * by redir_restore(), so `{ ...; } >file` leaves the shell's own stdout alone.
 * Here-documents are expanded and fed through a pipe; a body larger than a pipe
 * holds is written by a forked helper so that the reader cannot deadlock.
 * Every failure names the path and the reason.
 */
#include "exec.h"
#include "expand.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The saved fds of every active redirection scope, innermost last. Scopes nest
 * like the C calls that open them, so one stack serves them all, and an error
 * that unwinds to the prompt can undo everything (redir_restore_all). */
#define SAVE_MAX 256
static int save_fd_of[SAVE_MAX], save_copy[SAVE_MAX];
static int nsaved;

static void save_fd(struct saved_fds *s, int fd)
{
	if (!s)
		return;
	if (!s->active) {
		s->base = nsaved;
		s->active = 1;
	}
	for (int i = s->base; i < nsaved; i++)
		if (save_fd_of[i] == fd)
			return;
	if (nsaved >= SAVE_MAX)
		sh_fail(2, "too many nested redirections");
	save_fd_of[nsaved] = fd;
	save_copy[nsaved] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	nsaved++;
}

static void restore_to(int base)
{
	while (nsaved > base) {
		nsaved--;
		if (save_copy[nsaved] >= 0) {
			dup2(save_copy[nsaved], save_fd_of[nsaved]);
			close(save_copy[nsaved]);
		} else {
			close(save_fd_of[nsaved]);
		}
	}
}

void redir_restore(struct saved_fds *s)
{
	if (s->active)
		restore_to(s->base);
	s->active = 0;
}

void redir_restore_all(void)
{
	restore_to(0);
}

static int heredoc_fd(struct redir *r)
{
	char *text = r->quoted ? xstrdup(r->body) : expand_heredoc(r->body);
	size_t len = strlen(text);
	int fds[2];

	if (pipe(fds) < 0) {
		free(text);
		sh_warn("here-document: %s", strerror(errno));
		return -1;
	}
	if (len <= 4096) {
		if (write(fds[1], text, len) < 0)
			sh_warn("here-document: %s", strerror(errno));
	} else {
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			for (size_t off = 0; off < len;) {
				ssize_t n = write(fds[1], text + off, len - off);
				if (n <= 0)
					_exit(1);
				off += n;
			}
			_exit(0);
		}
	}
	close(fds[1]);
	free(text);
	return fds[0];
}

static int open_target(struct redir *r, const char *path)
{
	int flags, fd;
	const char *what = "create";

	switch (r->kind) {
	case R_IN: flags = O_RDONLY; what = "open"; break;
	case R_RDWR: flags = O_RDWR | O_CREAT; break;
	case R_APPEND: flags = O_WRONLY | O_CREAT | O_APPEND; break;
	case R_OUT: flags = O_WRONLY | O_CREAT | O_TRUNC | (sh.opt_C ? O_EXCL : 0); break;
	default: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	}
	fd = open(path, flags | O_CLOEXEC, 0666);
	if (fd < 0)
		sh_warn("cannot %s %s: %s", what, path, strerror(errno));
	return fd;
}

/* n>&m, n<&m, n>&-: returns the fd to dup, -2 to close, -1 on error. */
static int dup_source(const char *word)
{
	long n;

	if (strcmp(word, "-") == 0)
		return -2;
	if (sh_parse_int(word, &n) < 0 || n < 0) {
		sh_warn("%s: bad file descriptor number", word);
		return -1;
	}
	if (fcntl((int)n, F_GETFD) < 0) {
		sh_warn("%ld: %s", n, strerror(errno));
		return -1;
	}
	return (int)n;
}

static int apply_one(struct redir *r, struct saved_fds *saved)
{
	int fd;

	if (r->kind == R_HEREDOC) {
		fd = heredoc_fd(r);
	} else {
		char *word = expand_string(r->word);
		if (r->kind == R_DUPIN || r->kind == R_DUPOUT)
			fd = dup_source(word);
		else
			fd = open_target(r, word);
		free(word);
	}
	if (fd == -1)
		return -1;
	save_fd(saved, r->fd);
	if (fd == -2) {
		close(r->fd);
		return 0;
	}
	if (fd != r->fd) {
		int is_dup = r->kind == R_DUPIN || r->kind == R_DUPOUT;
		if (dup2(fd, r->fd) < 0) {
			sh_warn("%d: %s", r->fd, strerror(errno));
			if (!is_dup)
				close(fd);
			return -1;
		}
		if (!is_dup)
			close(fd);
	} else {
		/* Opened directly on the target fd: keep it across exec. */
		fcntl(fd, F_SETFD, 0);
	}
	return 0;
}

int redir_apply(struct redir *r, struct saved_fds *saved)
{
	for (; r; r = r->next)
		if (apply_one(r, saved) < 0)
			return -1;
	return 0;
}
