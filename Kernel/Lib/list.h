/*
 * Intrusive circular doubly linked lists (the Linux/BSD idiom): a struct list_node is
 * embedded in each element; container_of() gets the element back.
 */
#pragma once

#include <stddef.h>

struct list_node {
	struct list_node *next, *prev;
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define LIST_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_node *head) { head->next = head->prev = head; }
static inline int list_empty(const struct list_node *head) { return head->next == head; }
/* A node that is on no list (after list_remove or list_init) points at itself. */
static inline int list_linked(const struct list_node *n) { return n->next && n->next != n; }

static inline void list_insert_between(struct list_node *n, struct list_node *prev, struct list_node *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}
static inline void list_append(struct list_node *head, struct list_node *n) { list_insert_between(n, head->prev, head); }
static inline void list_prepend(struct list_node *head, struct list_node *n) { list_insert_between(n, head, head->next); }
static inline void list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

#define list_for_each(pos, head) for (struct list_node *pos = (head)->next; pos != (head); pos = pos->next)
/* Safe against removal of `pos` inside the loop. */
#define list_for_each_safe(pos, head) \
	for (struct list_node *pos = (head)->next, *pos##_next = pos->next; pos != (head); pos = pos##_next, pos##_next = pos->next)
#define list_entry(ptr, type, member) container_of(ptr, type, member)
