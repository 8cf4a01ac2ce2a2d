/*
 * Self-tests of the record-lock range logic (FileSystem/VFS/lock.c) on a file of its
 * own: conflicts between owners only, unlocking a middle piece splits a lock, setting
 * a range replaces the owner's locks there, touching locks of one type merge (up to
 * "to EOF"), an owner's locks stay sorted by start, and a file left without locks
 * keeps none. No request here waits, so the owners can be plain addresses.
 */
#include "FileSystem/VFS/lock.h"
#include "Tests/selftest.h"

static struct super_block test_sb;
static struct inode test_inode = { .i_ino = 1, .i_sb = &test_sb };
static int owner_a, owner_b;

#define A (&owner_a)
#define B (&owner_b)

static int set(void *owner, int type, int64_t start, int64_t end)
{
	return lock_record_set(&test_inode, LOCK_KIND_OFD, owner, type, start, end, 0);
}

/* Whether owner holds exactly `n` locks, the first of them (in list order) being
 * `want`. */
static int holds(void *owner, int n, const struct lock_range *want)
{
	struct lock_range got[8];
	int count = lock_ranges(&test_inode, owner, got, 8);

	if (count != n)
		return 0;
	for (int i = 0; i < n; i++)
		if (got[i].start != want[i].start || got[i].end != want[i].end || got[i].type != want[i].type)
			return 0;
	return 1;
}

KERNEL_TEST(test_locks_split_and_conflict, "locks.split_and_conflict")
{
	EXPECT_EQ(set(A, F_WRLCK, 0, 99), 0);
	EXPECT_EQ(set(A, F_UNLCK, 40, 59), 0);
	EXPECT(holds(A, 2, (struct lock_range[]){ { 0, 39, F_WRLCK }, { 60, 99, F_WRLCK } }));
	EXPECT_EQ(set(B, F_RDLCK, 40, 59), 0);
	EXPECT_EQ(set(B, F_RDLCK, 30, 45), -EAGAIN);
	EXPECT_EQ(set(A, F_WRLCK, 40, 59), -EAGAIN);
	EXPECT_EQ(set(A, F_RDLCK, 50, 50), 0);
	EXPECT_EQ(set(B, F_UNLCK, 0, LOCK_OFFSET_MAX), 0);
	EXPECT_EQ(lock_ranges(&test_inode, B, NULL, 0), 0);
	EXPECT_EQ(set(A, F_UNLCK, 0, LOCK_OFFSET_MAX), 0);
	EXPECT_EQ(lock_ranges(&test_inode, A, NULL, 0), 0);
}

KERNEL_TEST(test_locks_merge_and_replace, "locks.merge_and_replace")
{
	EXPECT_EQ(set(A, F_WRLCK, 0, 39), 0);
	EXPECT_EQ(set(A, F_WRLCK, 60, 99), 0);
	EXPECT_EQ(set(A, F_WRLCK, 40, 59), 0);
	EXPECT(holds(A, 1, (struct lock_range[]){ { 0, 99, F_WRLCK } }));
	/* A read lock inside a write lock splits it in three. */
	EXPECT_EQ(set(A, F_RDLCK, 10, 19), 0);
	EXPECT(holds(A, 3, (struct lock_range[]){ { 0, 9, F_WRLCK }, { 10, 19, F_RDLCK }, { 20, 99, F_WRLCK } }));
	/* Touching but of another type: no merge; of the same type up to EOF: merged. */
	EXPECT_EQ(set(A, F_WRLCK, 100, LOCK_OFFSET_MAX), 0);
	EXPECT(holds(A, 3, (struct lock_range[]){ { 0, 9, F_WRLCK }, { 10, 19, F_RDLCK }, { 20, LOCK_OFFSET_MAX, F_WRLCK } }));
	/* One range over all of them replaces them. */
	EXPECT_EQ(set(A, F_RDLCK, 5, 200), 0);
	EXPECT(holds(A, 3, (struct lock_range[]){ { 0, 4, F_WRLCK }, { 5, 200, F_RDLCK }, { 201, LOCK_OFFSET_MAX, F_WRLCK } }));
	/* Readers share; a writer conflicts with them, its own owner's locks never. */
	EXPECT_EQ(set(B, F_RDLCK, 100, 150), 0);
	EXPECT_EQ(set(B, F_WRLCK, 100, 150), -EAGAIN);
	EXPECT_EQ(set(A, F_WRLCK, 150, 150), -EAGAIN);
	EXPECT_EQ(set(A, F_WRLCK, 151, 151), 0);
	EXPECT_EQ(set(A, F_UNLCK, 0, LOCK_OFFSET_MAX), 0);
	EXPECT_EQ(set(B, F_WRLCK, 0, LOCK_OFFSET_MAX), 0);
	EXPECT(holds(B, 1, (struct lock_range[]){ { 0, LOCK_OFFSET_MAX, F_WRLCK } }));
	EXPECT_EQ(set(B, F_UNLCK, 0, LOCK_OFFSET_MAX), 0);
	EXPECT_EQ(lock_ranges(&test_inode, B, NULL, 0), 0);
}
