/*
 * kernel/list.h - intrusive circular doubly linked lists.
 *
 * Not synchronised: the owner of a list protects it with its own lock.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include "base/types.h"

struct list_node {
	struct list_node *next, *prev;
};

#define LIST_INIT(name)                                                        \
	{                                                                      \
		&(name), &(name)                                               \
	}
#define container_of(ptr, type, member)                                        \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))
#define list_entry(node, type, member) container_of(node, type, member)

static inline void list_init(struct list_node *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool list_empty(const struct list_node *h)
{
	return h->next == h;
}

static inline void list_insert_between(struct list_node *n,
				       struct list_node *prev,
				       struct list_node *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}

/* Inserts n right after h (at the front when h is the head). */
static inline void list_add(struct list_node *h, struct list_node *n)
{
	list_insert_between(n, h, h->next);
}

/* Inserts n right before h (at the tail when h is the head). */
static inline void list_add_tail(struct list_node *h, struct list_node *n)
{
	list_insert_between(n, h->prev, h);
}

/* Unlinks n and makes it a self-linked (empty) node. */
static inline void list_del(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n;
	n->prev = n;
}

static inline struct list_node *list_first(const struct list_node *h)
{
	return h->next == h ? NULL : h->next;
}

#define list_for_each(it, head)                                                \
	for ((it) = (head)->next; (it) != (head); (it) = (it)->next)
#define list_for_each_safe(it, tmp, head)                                      \
	for ((it) = (head)->next, (tmp) = (it)->next; (it) != (head);          \
	     (it) = (tmp), (tmp) = (it)->next)

#endif /* KERNEL_LIST_H */
