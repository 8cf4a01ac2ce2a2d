/*
 * Copying files and trees, for cp and for mv across file systems.
 */
#pragma once

struct fs_copy_opts {
	int recursive;       /* copy directories and their contents (-r) */
	int deref;           /* follow symbolic links met in the tree (-L) */
	int deref_args;      /* follow symbolic links named on the command line (-H, or no -r) */
	int preserve_mode;   /* keep setuid/setgid/sticky and ignore the umask (-p) */
	int preserve_owner;  /* chown copies to the source's owner and group (-p) */
	int preserve_time;   /* copy access and modification times (-p) */
	int preserve_links;  /* copies of hard-linked files are hard-linked too (-a) */
	int force;           /* remove a destination that cannot be opened, and retry (-f) */
	int interactive;     /* ask before overwriting (-i) */
	int no_clobber;      /* never overwrite (-n) */
	int verbose;         /* print "'SRC' -> 'DST'" (-v) */
};

/*
 * Copies SRC to DST (DST is the new name itself, not a directory to put it in).
 * Messages name the applet and the file ("cp: cannot open 'x' for reading: ...").
 * Returns 0 on success, 1 if anything failed (the rest is still copied).
 */
int fs_copy(const char *src, const char *dst, const struct fs_copy_opts *o);

/* Ends a command's copies: forgets the hard-link pairs remembered across calls. */
void fs_copy_done(void);
