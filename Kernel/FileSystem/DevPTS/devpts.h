/*
 * devpts: the /dev/pts filesystem of pseudo-terminal slaves (devpts.c).
 */
#pragma once

struct super_block;
struct pty_ns;

/* The pty namespace a devpts superblock shows; NULL when sb is not devpts. */
struct pty_ns *devpts_ns_of(const struct super_block *sb);
