/*
 * deskheap.c — one desktop heap as an allocator over its reserved size: the
 * NT heap's block rule, split, coalesce and commit (reactos-notes s.6 and
 * "Suggested model parameters"; behaviour only, written from the notes).
 *
 * Assumptions:
 * - Which free block serves a request is a policy. ReactOS uses best fit by
 *   block size (s.6). Windows XP/2003 is described as using 128 exact-size
 *   lists plus a sorted list 0, close to best fit, but that is not verified:
 *   DH_FIT_BEST_HINT (below, the ReactOS rule) is the default; DH_FIT_BEST
 *   and DH_FIT_FIRST (lowest address) are variants.
 * - DH_FIT_BEST's ties go to the lowest address, our own rule (ReactOS:
 *   roughly LIFO), so the result depends only on the heap's layout, not on
 *   the order of frees.
 * - DH_FIT_BEST_HINT is best fit by size too, but ties among blocks of one
 *   size up to 4 KB follow ReactOS's FreeHints (s.6): each size has a list
 *   whose first entry, the hint, serves the next request of that size; a
 *   block that becomes free in that size (a release, a split's remainder, a
 *   merge) goes right after the hint, so reuse takes the oldest surviving
 *   block, then the newest freed. Above 4 KB the notes say only that the
 *   blocks "stay sorted" by size: ties there go to the lowest address as
 *   under DH_FIT_BEST, an assumption.
 * - A merge of free neighbours is not capped (ReactOS caps it at 508 KB).
 * - No one-unit guard entries at commit boundaries (ReactOS has them).
 *
 * Layout: blocks are nodes in an array, linked in address order; a handle is
 * a node index. A node is 16 bytes: offset, size (31 bits) with the free
 * bit beside it, and the two links; size 0 marks a spare slot. A free reads
 * the free bits of its two neighbours; an allocation does not touch them.
 * Free blocks sit in size bins (one per exact size up to 4 KB, then 8 per
 * power of two); a bitmap marks the non-empty bins. Every entry is keyed
 * size << 32 | offset (units), so a bin's smallest key is its best fit at
 * its lowest address. A bin of at most SORTED_MAX entries is an array
 * sorted by descending key: its top is the last entry, taken in O(1); a
 * block is filed by walking from the top past the smaller keys when it
 * lands within SHORT_WALK of it (freed blocks mostly do), else by a binary
 * search and a memmove (out of line); it is unlinked by a walk down from
 * the top when it is within UNLINK_WALK of it, else by a binary search and
 * a memmove. A bin whose capacity grows past SORTED_MAX becomes a binary
 * min-heap for good (O(log n) push, pop and unlink); the index of each of
 * its free nodes is kept in a side array, pos, indexed by node and
 * allocated when the first bin of the heap turns into a heap. No stale
 * entries: a block merged away by a free leaves its bin at once.
 * Under DH_FIT_BEST_HINT the exact bins are instead hint lists: hint[u]
 * (an array allocated with the heap) names the first free node of u units
 * and each free node's next and prev in its list sit in a side array,
 * link, indexed by node and grown with the nodes (8 bytes a node; the
 * 16-byte node stays as it is). Push after the hint, pop the hint and
 * unlink are O(1), with no search and no move; the bitmap still marks the
 * non-empty sizes, so best fit by size is the same bitmap scan. The range
 * bins are the sorted and heap bins above.
 *
 * Fast paths. DH_FIT_BEST: best fit of an exact size (up to 4 KB) looks
 * up the first non-empty bin once; every block there fits, so its top is
 * the answer.
 * Taking a sorted bin's top whole is inline and call-free; a split, or a
 * heap bin, continues out of line (take_top), and a split block that stays
 * in its own bin keeps its place (its key only shrank). A free with busy
 * neighbours into a bin with room is inline, and every call it may make is
 * a tail call, so it saves no registers; merging is out of line. Costs
 * per operation: O(log n) in the free blocks of one bin (a move of at most
 * SORTED_MAX entries in a sorted bin), plus, above 4 KB, a search of the
 * request's own range bin (a binary search, or a heap walk that skips
 * subtrees that cannot hold a better fit); first fit looks at the top of
 * each exact bin and scans the range bins. DH_FIT_BEST_HINT has entry
 * points of its own (dh_heap_alloc and dh_heap_release only dispatch, by
 * tail calls): a request served by a hint list takes its first node whole
 * with no call, or splits it out of line; a free with busy neighbours
 * pushes the block after its hint with no call; merging, and range bins,
 * share the code above (its slow paths come in two copies, with and
 * without the list tests). Bin headers come in groups of 16 allocated on
 * first use, and the node array starts small, so an idle heap costs about
 * 1.2 KB (DH_FIT_BEST_HINT: 2 KB more for hint[]).
 */
#include "deskheap_layout.h"

#include <stdlib.h>
#include <string.h>

#define NONE DH_BLOCK_NONE
#define SMALL_BYTES 4096u /* exact bins up to DeCommitFreeBlockThreshold */
#define SUB_BITS 3        /* 8 bins per power of two above that */
#define SUB_COUNT (1u << SUB_BITS)
#define OFF_MASK 0xFFFFFFFFull
#define GROUP_BINS DH_HEAP_GROUP_BINS
#define SORTED_MAX 256      /* a bin above this many entries is a heap */
#define SHORT_WALK 32       /* a sorted insert walks past at most this many */
#define UNLINK_WALK 16      /* a sorted unlink walks past at most this many */

/* The allocation and free paths are inlined whole; the rare cases are
 * kept out of line. */
#if defined(__GNUC__)
#define HOT inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define HOT inline
#define NOINLINE
#endif

/* ------------------------------------------------------------ bit helpers */

static uint32_t ctz64(uint64_t x)
{
#if defined(__GNUC__)
    return (uint32_t)__builtin_ctzll(x);
#else
    uint32_t n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

static uint32_t log2_64(uint64_t x)
{
#if defined(__GNUC__)
    return 63u - (uint32_t)__builtin_clzll(x);
#else
    uint32_t n = 0;
    while (x >>= 1)
        n++;
    return n;
#endif
}

static uint64_t round_up(uint64_t x, uint64_t m)
{
    return (x + m - 1) / m * m;
}

static inline uint64_t block_bytes(uint32_t unit, uint64_t n)
{
    if (n == 0)
        n = 1;
    if (n > UINT64_MAX - 2 * (uint64_t)unit) /* saturate, stay a multiple */
        return UINT64_MAX / unit * unit;
    if ((unit & (unit - 1)) == 0) /* the usual case: no division */
        return (n + 2 * (uint64_t)unit - 1) & ~((uint64_t)unit - 1);
    return round_up(n + unit, unit);
}

uint64_t dh_heap_block_bytes(uint32_t unit, uint64_t n)
{
    return block_bytes(unit, n);
}

/* block_bytes for a heap, whose unit is a power of two (at most 512): a
 * request within 1024 bytes of the top is left to block_bytes, so the
 * usual one needs no test of the unit. */
static HOT uint64_t heap_block_bytes(const dh_heap *h, uint64_t n)
{
    uint64_t unit = h->p.unit;
    if (n > UINT64_MAX - 1024)
        return block_bytes(h->p.unit, n);
    n += n == 0;
    return (n + 2 * unit - 1) & ~(unit - 1);
}

/* ------------------------------------------------------------------ bins */

/* Bin of a free block of u units (u >= 2). */
static HOT uint32_t bin_of(const dh_heap *h, uint64_t u)
{
    if (u <= h->small_units)
        return (uint32_t)u;
    uint32_t fl = log2_64(u);
    uint32_t sl = (uint32_t)(u >> (fl - SUB_BITS)) & (SUB_COUNT - 1);
    return h->small_units + 1 + (fl - h->small_shift) * SUB_COUNT + sl;
}

static HOT uint64_t key_of(const dh_heap_node *n)
{
    return (uint64_t)n->size << 32 | n->off;
}

/* Bin b's header; its group exists (bin_reserve). */
static HOT dh_heap_bin *bin_at(const dh_heap *h, uint32_t b)
{
    return &h->groups[b / GROUP_BINS][b % GROUP_BINS];
}

/* First non-empty bin at or after b, or NONE. b is at most nbins (the
 * bin after the last), which is below 64 * DH_HEAP_BIN_WORDS; the word
 * after the last, all ones, stops the scan. */
static HOT uint32_t next_bin(const dh_heap *h, uint32_t b)
{
    uint32_t w = b / 64;
    uint64_t bits = h->binmap[w] & (~0ull << (b % 64));
    while (bits == 0)
        bits = h->binmap[++w];
    return w < DH_HEAP_BIN_WORDS ? w * 64 + ctz64(bits) : NONE;
}

/* Last non-empty bin, or NONE. */
static uint32_t last_bin(const dh_heap *h)
{
    for (uint32_t w = DH_HEAP_BIN_WORDS; w-- > 0;)
        if (h->binmap[w] != 0)
            return w * 64 + log2_64(h->binmap[w]);
    return NONE;
}

static void make_heap(dh_heap *h, dh_heap_bin *bin);

/* Bin b gets room for one more entry (its group first): the slow path.
 * A sorted bin that outgrows SORTED_MAX becomes a heap. */
static dh_status bin_grow(dh_heap *h, uint32_t b)
{
    dh_heap_bin **g = &h->groups[b / GROUP_BINS];
    if (*g == NULL && (*g = calloc(GROUP_BINS, sizeof **g)) == NULL)
        return DH_ENOMEM;
    dh_heap_bin *bin = &(*g)[b % GROUP_BINS];
    if (bin->len < bin->cap)
        return DH_OK;
    uint32_t cap = bin->cap ? bin->cap * 2 : 4;
    if (cap > SORTED_MAX && h->pos == NULL &&
        (h->pos = malloc((size_t)h->capnodes * sizeof *h->pos)) == NULL)
        return DH_ENOMEM; /* the first heap bin: node positions */
    dh_heap_entry *e = realloc(bin->e, (size_t)cap * sizeof *e);
    if (e == NULL)
        return DH_ENOMEM;
    bin->e = e;
    bin->cap = cap;
    if (cap > SORTED_MAX && cap / 2 <= SORTED_MAX)
        make_heap(h, bin);
    return DH_OK;
}

/* Make room for one more entry in bin b. */
static HOT dh_status bin_reserve(dh_heap *h, uint32_t b)
{
    const dh_heap_bin *g = h->groups[b / GROUP_BINS];
    if (g != NULL && g[b % GROUP_BINS].len < g[b % GROUP_BINS].cap)
        return DH_OK;
    return bin_grow(h, b);
}

/* ----------------------------------------------- sorted and heap bins */

/* A bin with few entries is an array sorted by descending key: its
 * smallest entry is the last, taken in O(1), and a push or an unlink is a
 * short move. A bin that outgrows SORTED_MAX becomes a binary min-heap (an
 * ascending array already is one) in which each entry's index is kept in
 * h->pos[node], and stays one: a bin is a heap when its capacity is above
 * SORTED_MAX. */
static HOT bool heap_bin(const dh_heap_bin *bin)
{
    return bin->cap > SORTED_MAX;
}

static HOT bool is_heap(const dh_heap *h, uint32_t b)
{
    const dh_heap_bin *g = h->groups[b / GROUP_BINS];
    return g != NULL && heap_bin(&g[b % GROUP_BINS]);
}

/* Sorted bin: the number of leading entries with a key above k, i.e.
 * where k goes or is (a binary search without branches). */
static HOT uint32_t count_above(const dh_heap_bin *bin, uint64_t k)
{
    uint32_t base = 0, n = bin->len;
    if (n == 0)
        return 0;
    while (n > 1) {
        uint32_t half = n / 2;
        base = bin->e[base + half].key > k ? base + half : base;
        n -= half;
    }
    return base + (bin->e[base].key > k);
}

/* Index of bin b's smallest entry (the bin is not empty). */
static HOT uint32_t top_of(const dh_heap *h, uint32_t b)
{
    const dh_heap_bin *bin = bin_at(h, b);
    return heap_bin(bin) ? 0 : bin->len - 1;
}

/* Index of free node i's entry in its bin b. */
static uint32_t index_of(const dh_heap *h, uint32_t b, uint32_t i)
{
    const dh_heap_bin *bin = bin_at(h, b);
    if (heap_bin(bin))
        return h->pos[i];
    return count_above(bin, key_of(&h->nodes[i]));
}

/* Put entry x at index i of a heap bin; its node learns where. */
static inline void place(dh_heap *h, dh_heap_bin *bin, uint32_t i,
                         dh_heap_entry x)
{
    bin->e[i] = x;
    h->pos[x.node] = i;
}

/* Entry x goes into the hole at i, then up past larger parents. */
static void sift_up(dh_heap *h, dh_heap_bin *bin, uint32_t i,
                    dh_heap_entry x)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (bin->e[parent].key <= x.key)
            break;
        place(h, bin, i, bin->e[parent]);
        i = parent;
    }
    place(h, bin, i, x);
}

/* Entry x goes into the hole at i, then down past smaller children. */
static void sift_down(dh_heap *h, dh_heap_bin *bin, uint32_t i,
                      dh_heap_entry x)
{
    for (;;) {
        uint64_t c = 2 * (uint64_t)i + 1;
        if (c >= bin->len)
            break;
        if (c + 1 < bin->len) /* branch-free pick of the smaller child */
            c += bin->e[c + 1].key < bin->e[c].key;
        if (x.key <= bin->e[c].key)
            break;
        place(h, bin, i, bin->e[c]);
        i = (uint32_t)c;
    }
    place(h, bin, i, x);
}

/* A full sorted bin becomes a heap: reversed, it is ascending. */
static void make_heap(dh_heap *h, dh_heap_bin *bin)
{
    for (uint32_t i = 0, j = bin->len - 1; i < j; i++, j--) {
        dh_heap_entry t = bin->e[i];
        bin->e[i] = bin->e[j];
        bin->e[j] = t;
    }
    for (uint32_t i = 0; i < bin->len; i++)
        h->pos[bin->e[i].node] = i;
}

/* Push x on a heap bin with room (the slow path). */
static NOINLINE void heap_push(dh_heap *h, dh_heap_bin *bin, dh_heap_entry x)
{
    sift_up(h, bin, bin->len++, x);
}

/* Take entry i out of heap bin b, which keeps last > 0 entries: the last
 * entry fills the hole and moves up or down (the slow path). */
static NOINLINE void heap_remove(dh_heap *h, dh_heap_bin *bin, uint32_t i,
                                 uint32_t last)
{
    if (i == last)
        return;
    dh_heap_entry x = bin->e[last];
    if (i > 0 && bin->e[(i - 1) / 2].key > x.key)
        sift_up(h, bin, i, x);
    else
        sift_down(h, bin, i, x);
}

/* Sorted bin with room: x goes where a binary search puts it, the
 * entries below it move up one (the slow path, out of line). */
static NOINLINE void sorted_insert_far(dh_heap_bin *bin, dh_heap_entry x)
{
    uint32_t at = count_above(bin, x.key);
    memmove(&bin->e[at + 1], &bin->e[at], (bin->len - at) * sizeof *bin->e);
    bin->e[at] = x;
    bin->len++;
}

/* Sorted bin with room: the entries below x (at the end) move up one and
 * x takes their place. A freed block usually lands among the last few
 * entries, where a short walk beats a binary search and a memmove call;
 * further in, those are used. */
static HOT void sorted_insert(dh_heap_bin *bin, dh_heap_entry x)
{
    if (bin->len > SHORT_WALK && bin->e[bin->len - SHORT_WALK].key < x.key) {
        sorted_insert_far(bin, x); /* a tail call: no saved registers */
        return;
    }
    dh_heap_entry *at = &bin->e[bin->len++];
    while (at > bin->e && at[-1].key < x.key) {
        *at = at[-1];
        at--;
    }
    *at = x;
}

/* File free node `node` in bin b; the bin has room (bin_reserve). */
static HOT void bin_push(dh_heap *h, uint32_t b, uint32_t node)
{
    dh_heap_bin *bin = bin_at(h, b);
    dh_heap_entry x = {key_of(&h->nodes[node]), node};
    h->binmap[b / 64] |= 1ull << (b % 64);
    if (heap_bin(bin)) {
        heap_push(h, bin, x);
        return;
    }
    sorted_insert(bin, x);
}

/* Take the entry at index i out of bin b. */
static HOT void bin_remove(dh_heap *h, uint32_t b, uint32_t i)
{
    dh_heap_bin *bin = bin_at(h, b);
    uint32_t last = --bin->len;
    uint64_t gone = (uint64_t)(last == 0) << (b % 64); /* no branch */
    h->binmap[b / 64] &= ~gone;
    if (heap_bin(bin)) {
        heap_remove(h, bin, i, last);
    } else if (i != last) { /* the top is last: nothing moves */
        memmove(&bin->e[i], &bin->e[i + 1], (last - i) * sizeof *bin->e);
    }
}

/* Bin b loses its top entry (the last of a sorted bin, the root of a
 * heap bin). */
static HOT void pop_top(dh_heap *h, uint32_t b)
{
    dh_heap_bin *bin = bin_at(h, b);
    uint32_t last = --bin->len;
    uint64_t gone = (uint64_t)(last == 0) << (b % 64); /* no branch */
    h->binmap[b / 64] &= ~gone;
    if (heap_bin(bin))
        heap_remove(h, bin, 0, last);
}

/* Sorted bin: whether the entry keyed `key` is within UNLINK_WALK of its
 * top. */
static HOT bool near_top(const dh_heap_bin *bin, uint64_t key)
{
    return bin->len <= UNLINK_WALK ||
           bin->e[bin->len - UNLINK_WALK].key >= key;
}

/* Sorted bin b loses the entry keyed `key`, which is within UNLINK_WALK of
 * its top: a walk down from the top carries each entry one place down
 * until it meets the one that goes. */
static void sorted_unlink_near(dh_heap *h, uint32_t b, uint64_t key)
{
    dh_heap_bin *bin = bin_at(h, b);
    uint32_t last = --bin->len;
    if (last == 0)
        h->binmap[b / 64] &= ~(1ull << (b % 64));
    dh_heap_entry *at = &bin->e[last], carry = *at;
    while (carry.key != key) {
        at--;
        dh_heap_entry up = *at;
        *at = carry;
        carry = up;
    }
}

/* ------------------------------------------------------------ hint lists */

/* Under DH_FIT_BEST_HINT a free block of u <= small_units units sits in
 * the hint list of its size (reactos-notes s.6, FreeHints): hint[u] is its
 * first node, the one an allocation of that size takes; every block that
 * becomes free in that size goes right after it (first if the list is
 * empty). The links are in h->link, indexed by node; the first node's prev
 * is stale and never read (a node is first when hint[u] names it). Push,
 * pop and unlink are O(1). */

/* Whether bin b is a hint list (never under the other policies: their
 * list_units is 0 and every block has at least two units). `lists` false
 * says the caller knows it is not: a constant, so the copies of a path
 * made for the other policies carry no test (see take_top, release_slow). */
static HOT bool list_bin(const dh_heap *h, uint32_t b, bool lists)
{
    return lists && b <= h->list_units;
}

/* Free node x of u units goes right after the hint of its size, or
 * becomes it. */
static HOT void list_push(dh_heap *h, uint32_t u, uint32_t x)
{
    uint32_t first = h->hint[u];
    h->binmap[u / 64] |= 1ull << (u % 64);
    if (first == NONE) {
        h->hint[u] = x;
        h->link[x].next = NONE;
        return;
    }
    uint32_t after = h->link[first].next;
    h->link[x] = (dh_heap_link){.next = after, .prev = first};
    h->link[first].next = x;
    if (after != NONE)
        h->link[after].prev = x;
}

/* The list of u units loses its first node, x: the next is the hint. */
static HOT void list_pop(dh_heap *h, uint32_t u, uint32_t x)
{
    uint32_t next = h->link[x].next;
    h->hint[u] = next;
    if (next == NONE)
        h->binmap[u / 64] &= ~(1ull << (u % 64));
}

/* Free node x of u units leaves its list, wherever it is in it. */
static HOT void list_unlink(dh_heap *h, uint32_t u, uint32_t x)
{
    if (h->hint[u] == x) {
        list_pop(h, u, x);
        return;
    }
    dh_heap_link l = h->link[x];
    h->link[l.prev].next = l.next;
    if (l.next != NONE)
        h->link[l.next].prev = l.prev;
}

/* File free node `node` in bin b: a hint list, or a bin with room
 * (bin_ready). */
static HOT void file_free(dh_heap *h, uint32_t b, uint32_t node, bool lists)
{
    if (list_bin(h, b, lists))
        list_push(h, b, node);
    else
        bin_push(h, b, node);
}

/* Room for one more entry in bin b (a hint list always has it). */
static HOT dh_status bin_ready(dh_heap *h, uint32_t b, bool lists)
{
    return list_bin(h, b, lists) ? DH_OK : bin_reserve(h, b);
}

/* Free node i leaves its bin. */
static HOT void bin_unlink(dh_heap *h, uint32_t i, bool lists)
{
    uint32_t b = bin_of(h, h->nodes[i].size);
    if (list_bin(h, b, lists)) {
        list_unlink(h, b, i);
        return;
    }
    const dh_heap_bin *bin = bin_at(h, b);
    uint64_t key = key_of(&h->nodes[i]);
    if (!heap_bin(bin) && near_top(bin, key)) {
        sorted_unlink_near(h, b, key);
        return;
    }
    bin_remove(h, b, index_of(h, b, i));
}

/* The host ran out of memory: every later allocation fails. */
static void set_oom(dh_heap *h)
{
    h->oom = true;
    h->limit = 0;
}

/* Bytes in free blocks: the blocks tile h->tiled bytes. */
static HOT uint64_t free_bytes(const dh_heap *h)
{
    return h->tiled - h->used;
}

/* ------------------------------------------------------------ node slots */

static dh_status node_reserve(dh_heap *h)
{
    if (h->spare != NONE || h->nnodes < h->capnodes)
        return DH_OK;
    uint32_t cap = h->capnodes ? h->capnodes * 2 : 16;
    if (h->pos != NULL) { /* a bin is a heap: positions grow too */
        uint32_t *pos = realloc(h->pos, (size_t)cap * sizeof *pos);
        if (pos == NULL)
            return DH_ENOMEM;
        h->pos = pos;
    }
    if (h->hint != NULL) { /* best_fit_hint: list links grow too */
        dh_heap_link *link = realloc(h->link, (size_t)cap * sizeof *link);
        if (link == NULL)
            return DH_ENOMEM;
        h->link = link;
    }
    dh_heap_node *n = realloc(h->nodes, (size_t)cap * sizeof *n);
    if (n == NULL)
        return DH_ENOMEM;
    h->nodes = n;
    h->capnodes = cap;
    return DH_OK;
}

/* A node slot (one is there: node_reserve). */
static uint32_t node_take(dh_heap *h)
{
    uint32_t i = h->spare;
    if (i != NONE)
        h->spare = h->nodes[i].next;
    else
        i = h->nnodes++;
    return i;
}

static void node_drop(dh_heap *h, uint32_t i)
{
    h->nodes[i] = (dh_heap_node){.prev = NONE, .next = h->spare};
    h->spare = i;
}

/* Take node i out of the address list. */
static void unlink_node(dh_heap *h, uint32_t i)
{
    dh_heap_node *n = &h->nodes[i];
    if (n->prev != NONE)
        h->nodes[n->prev].next = n->next;
    else
        h->first = n->next;
    if (n->next != NONE)
        h->nodes[n->next].prev = n->prev;
}

/* ------------------------------------------------------------- lifecycle */

static bool pow2(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

static dh_status check_params(const dh_heap_params *p, dh_error *err)
{
    if (!pow2(p->unit) || p->unit < 8 || p->unit > 512)
        return dh_error_set(err, DH_EINTERNAL, "heap unit %u is not 8..512, "
                            "a power of two", p->unit);
    if (p->page == 0 || p->page % p->unit != 0)
        return dh_error_set(err, DH_EINTERNAL, "heap page %u is not a "
                            "multiple of the unit %u", p->page, p->unit);
    if (p->reserve / p->unit >= 0x80000000u)
        return dh_error_set(err, DH_ELIMIT, "a desktop heap of %llu KB: more "
                            "than the model holds (at most %llu KB with its "
                            "%u-byte blocks; README: Hardening)",
                            (unsigned long long)(p->reserve / 1024),
                            (unsigned long long)(0x7FFFFFFFull * p->unit /
                                                 1024), p->unit);
    if (p->header > p->reserve)
        return dh_error_set(err, DH_ELIMIT, "a heap header of %llu bytes in "
                            "a heap of %llu bytes",
                            (unsigned long long)p->header,
                            (unsigned long long)p->reserve);
    if (p->fit != DH_FIT_BEST && p->fit != DH_FIT_FIRST &&
        p->fit != DH_FIT_BEST_HINT)
        return dh_error_set(err, DH_EINTERNAL, "unknown fit policy %d",
                            (int)p->fit);
    return DH_OK;
}

static NOINLINE void update_commit(dh_heap *h)
{
    uint64_t top = h->high_water > h->p.header ? h->high_water : h->p.header;
    uint64_t c = round_up(top, h->p.page);
    h->committed = c > h->p.page ? c : h->p.page; /* initial commit: 1 page */
}

/* best_fit_hint: the exact bins are hint lists, all empty. */
static dh_status hint_lists(dh_heap *h)
{
    h->hint = malloc(((size_t)h->small_units + 1) * sizeof *h->hint);
    if (h->hint == NULL)
        return DH_ENOMEM;
    for (uint32_t u = 0; u <= h->small_units; u++)
        h->hint[u] = NONE;
    h->list_units = h->small_units;
    return DH_OK;
}

/* One free block over [header, header + span). */
static dh_status add_initial_block(dh_heap *h)
{
    uint64_t units = h->span >> h->shift;
    if (units < 2)
        return DH_OK;
    uint32_t b = bin_of(h, units);
    if (node_reserve(h) != DH_OK || bin_ready(h, b, true) != DH_OK)
        return DH_ENOMEM;
    uint32_t i = node_take(h);
    h->nodes[i] = (dh_heap_node){.off = (uint32_t)(h->p.header >> h->shift),
                                 .size = (uint32_t)units, .is_free = 1,
                                 .prev = NONE, .next = NONE};
    h->first = i;
    file_free(h, b, i, true);
    h->tiled = h->span;
    h->free_blocks = 1;
    return DH_OK;
}

dh_status dh_heap_init(dh_heap *h, const dh_heap_params *p, dh_error *err)
{
    memset(h, 0, sizeof *h);
    dh_status st = check_params(p, err);
    if (st != DH_OK)
        return st;
    h->p = *p;
    h->p.header = round_up(p->header, p->unit);
    if (h->p.header > p->reserve)
        h->p.header = p->reserve; /* then no room at all */
    h->shift = log2_64(p->unit);
    h->small_units = SMALL_BYTES >> h->shift;
    h->small_shift = log2_64(h->small_units);
    h->nbins = h->small_units + 1 + (32 - h->small_shift) * SUB_COUNT;
    h->first = NONE;
    h->spare = NONE;
    h->binmap[DH_HEAP_BIN_WORDS] = ~0ull; /* stops next_bin */
    h->limit = p->max_block != 0 ? p->max_block : UINT64_MAX;
    h->fast_units = p->fit == DH_FIT_BEST ? h->small_units : 0;
    if (p->fit == DH_FIT_BEST_HINT && hint_lists(h) != DH_OK) {
        dh_heap_free(h);
        return dh_error_set(err, DH_ENOMEM, "out of memory for a heap");
    }
    /* A tail shorter than one unit cannot be a block: it is ignored. */
    h->span = (p->reserve - h->p.header) >> h->shift << h->shift;
    if (add_initial_block(h) != DH_OK) {
        dh_heap_free(h);
        return dh_error_set(err, DH_ENOMEM, "out of memory for a heap");
    }
    update_commit(h);
    return DH_OK;
}

dh_heap *dh_heap_new(const dh_heap_params *p, dh_error *err)
{
    dh_heap *h = malloc(sizeof *h);
    if (h == NULL) {
        dh_error_set(err, DH_ENOMEM, "out of memory for a desktop heap");
        return NULL;
    }
    if (dh_heap_init(h, p, err) != DH_OK) {
        free(h);
        return NULL;
    }
    return h;
}

void dh_heap_delete(dh_heap *h)
{
    if (h == NULL)
        return;
    dh_heap_free(h);
    free(h);
}

void dh_heap_free(dh_heap *h)
{
    for (uint32_t g = 0; g < DH_HEAP_GROUPS; g++) {
        for (uint32_t i = 0; h->groups[g] && i < GROUP_BINS; i++)
            free(h->groups[g][i].e);
        free(h->groups[g]);
    }
    free(h->nodes);
    free(h->pos);
    free(h->hint);
    free(h->link);
    memset(h, 0, sizeof *h);
}

/* ------------------------------------------------------------ allocation */

/* Bin b's header if it has room for one more entry, else NULL. */
static HOT dh_heap_bin *bin_room(const dh_heap *h, uint32_t b)
{
    dh_heap_bin *g = h->groups[b / GROUP_BINS];
    if (g == NULL)
        return NULL;
    dh_heap_bin *bin = &g[b % GROUP_BINS];
    return bin->len < bin->cap ? bin : NULL;
}

typedef struct {
    uint32_t bin, idx; /* a free block: its bin and index there */
} spot;

/* Index of the smallest key of at least lo in a heap bin, or NONE. A
 * subtree whose root fits holds nothing smaller that fits: only roots
 * below lo are looked into. */
static uint32_t best_in_heap(const dh_heap_bin *bin, uint64_t lo)
{
    uint32_t stack[64], sp = 0, best = NONE; /* depth + 1 entries at most */
    uint64_t best_key = UINT64_MAX;
    if (bin->len > 0)
        stack[sp++] = 0;
    while (sp > 0) {
        uint32_t i = stack[--sp];
        uint64_t k = bin->e[i].key;
        if (k >= best_key)
            continue;
        if (k >= lo) {
            best_key = k;
            best = i;
            continue;
        }
        uint64_t c = 2 * (uint64_t)i + 1;
        if (c + 1 < bin->len)
            stack[sp++] = (uint32_t)c + 1;
        if (c < bin->len)
            stack[sp++] = (uint32_t)c;
    }
    return best;
}

/* Spots are returned by value (in registers): idx NONE is "not found". */
static const spot NOWHERE = {NONE, NONE};

/* Smallest key of at least lo (> 0) in bin b, or NOWHERE. */
static spot best_in_bin(const dh_heap *h, uint32_t b, uint64_t lo)
{
    if (!(h->binmap[b / 64] >> (b % 64) & 1))
        return NOWHERE;
    const dh_heap_bin *bin = bin_at(h, b);
    uint32_t i;
    if (is_heap(h, b)) {
        i = best_in_heap(bin, lo);
    } else {
        i = count_above(bin, lo - 1); /* entries 0..i-1 fit */
        i = i > 0 ? i - 1 : NONE;
    }
    return (spot){b, i};
}

/* Best fit: an exact bin holds one size, so its top is the answer; a range
 * bin may also hold smaller blocks and is searched; any later bin's top
 * fits and is the smallest there. */
static HOT spot find_best(const dh_heap *h, uint64_t u)
{
    uint32_t b = bin_of(h, u);
    if (b > h->small_units) {
        spot s = best_in_bin(h, b, u << 32);
        if (s.idx != NONE)
            return s;
        b++;
    }
    b = next_bin(h, b);
    return b == NONE ? NOWHERE : (spot){b, top_of(h, b)};
}

/* First fit: the lowest-address block of at least u units. An exact bin's
 * top is its lowest address; range bins are scanned. */
static spot find_first(const dh_heap *h, uint64_t u)
{
    uint64_t lo = u << 32;
    uint32_t best_off = UINT32_MAX;
    spot s = NOWHERE;
    for (uint32_t b = next_bin(h, bin_of(h, u)); b != NONE;
         b = next_bin(h, b + 1)) {
        const dh_heap_bin *bin = bin_at(h, b);
        bool exact = b <= h->small_units;
        uint32_t i = exact ? top_of(h, b) : 0, end = exact ? i + 1 : bin->len;
        for (; i < end; i++) {
            uint64_t k = bin->e[i].key;
            if (k >= lo && (uint32_t)(k & OFF_MASK) < best_off) {
                best_off = (uint32_t)(k & OFF_MASK);
                s = (spot){b, i};
            }
        }
    }
    return s;
}

/* The high-water mark rises to `end`: commit more (a tail call). */
static NOINLINE dh_status raise_high_water(dh_heap *h, uint64_t end)
{
    h->high_water = end;
    if (end > h->committed) /* else the commit, a page multiple, stays */
        update_commit(h);
    return DH_OK;
}

/* Node i becomes busy (the counters only). */
static HOT void count_busy(dh_heap *h, uint32_t i)
{
    dh_heap_node *n = &h->nodes[i];
    n->is_free = 0;
    h->used += (uint64_t)n->size << h->shift;
    h->busy_blocks++;
}

/* The end of busy node i in bytes. */
static HOT uint64_t end_of(const dh_heap *h, uint32_t i)
{
    return (uint64_t)(h->nodes[i].off + h->nodes[i].size) << h->shift;
}

static HOT void make_busy(dh_heap *h, uint32_t i)
{
    count_busy(h, i);
    if (end_of(h, i) > h->high_water)
        raise_high_water(h, end_of(h, i));
}

/* Whether node i (or NONE) is a free block. */
static HOT bool free_at(const dh_heap *h, uint32_t i)
{
    return i != NONE && h->nodes[i].is_free;
}

/* Whole free block f at spot s (a remainder below two units stays in
 * it). */
static HOT uint32_t take_whole(dh_heap *h, spot s, uint32_t f)
{
    bin_remove(h, s.bin, s.idx);
    h->free_blocks--;
    make_busy(h, f);
    return f;
}

/* Free node f at spot s has shrunk: its key only got smaller, so in the
 * same heap bin it sifts up in place; else it is filed again in bin rb. */
static void refile(dh_heap *h, spot s, uint32_t rb, uint32_t f)
{
    dh_heap_node *n = &h->nodes[f];
    if (rb == s.bin && is_heap(h, rb)) {
        sift_up(h, bin_at(h, rb), s.idx, (dh_heap_entry){key_of(n), f});
    } else {
        bin_remove(h, s.bin, s.idx);
        file_free(h, rb, f, true);
    }
}

/* split_low but for the high-water mark, which is the caller's. */
static HOT uint32_t split_off(dh_heap *h, uint32_t f, uint32_t u)
{
    uint32_t a = node_take(h);
    dh_heap_node *n = &h->nodes[f];
    uint32_t off = n->off;
    h->nodes[a] = (dh_heap_node){.off = off, .size = u, .prev = n->prev,
                                 .next = f};
    if (n->prev != NONE) {
        h->nodes[n->prev].next = a;
    } else {
        h->first = a;
    }
    n->prev = a;
    n->off += u;
    n->size -= u;
    /* make_busy from the values at hand, not read back from node a */
    h->used += (uint64_t)u << h->shift;
    h->busy_blocks++;
    return a;
}

/* Free node f gives its low u units to a new busy node, which is
 * returned; f keeps the rest (its bin entry is the caller's). */
static HOT uint32_t split_low(dh_heap *h, uint32_t f, uint32_t u)
{
    uint32_t off = h->nodes[f].off;
    uint32_t a = split_off(h, f, u);
    uint64_t end = (uint64_t)(off + u) << h->shift;
    if (end > h->high_water)
        raise_high_water(h, end);
    return a;
}

/* Low u units of free block f (at spot s) become a new busy node; f keeps
 * the rest and is refiled in bin rb. */
static uint32_t take_low(dh_heap *h, spot s, uint32_t rb, uint32_t f,
                         uint32_t u)
{
    uint32_t a = split_low(h, f, u);
    refile(h, s, rb, f);
    return a;
}

/* Serve u units from the free block at spot s. */
static HOT dh_status carve(dh_heap *h, spot s, uint32_t u,
                               dh_block *out)
{
    uint32_t f = bin_at(h, s.bin)->e[s.idx].node;
    uint32_t rest = h->nodes[f].size - u;
    if (rest < 2) {
        *out = take_whole(h, s, f);
        return DH_OK;
    }
    uint32_t rb = bin_of(h, rest);
    if (node_reserve(h) != DH_OK || bin_ready(h, rb, true) != DH_OK)
        return DH_ENOMEM;
    *out = take_low(h, s, rb, f, u);
    return DH_OK;
}

/* Place u units by the fit policy: the general path. */
static NOINLINE dh_status alloc_units(dh_heap *h, uint64_t u, dh_block *out,
                                      dh_heap_outcome *why)
{
    spot s = h->p.fit != DH_FIT_FIRST ? find_best(h, u) : find_first(h, u);
    if (s.idx == NONE) {
        *why = DH_HEAP_FRAGMENTED;
        return DH_OK;
    }
    return carve(h, s, (uint32_t)u, out);
}

/* Allocate a block of `bytes` (below the limit) by the fit policy, or say
 * the heap is full: the general path. */
static NOINLINE dh_status alloc_general(dh_heap *h, uint64_t bytes,
                                        dh_block *out, dh_heap_outcome *why)
{
    if (bytes > free_bytes(h)) {
        *why = DH_HEAP_FULL;
        return DH_OK;
    }
    return alloc_units(h, bytes >> h->shift, out, why);
}

/* Free node f, the top of bin b, is taken whole. */
static HOT uint32_t take_top_whole(dh_heap *h, uint32_t b, uint32_t f)
{
    pop_top(h, b);
    h->free_blocks--;
    make_busy(h, f);
    return f;
}

/* Free node f, the top of bin b, is split; what it keeps, `rest` units,
 * belongs in bin rb. In the same bin it is still the smallest key (its
 * size shrank), so it stays the top and only its key changes; another
 * bin needs room for it (a hint list always has it: `lists`, as in
 * list_bin). NONE if a node slot or that room is missing. */
static HOT uint32_t take_top_low(dh_heap *h, uint32_t b, uint32_t top,
                                uint32_t f, uint32_t u, uint32_t rest,
                                bool lists)
{
    if (h->spare == NONE && h->nnodes == h->capnodes)
        return NONE;
    uint32_t rb = bin_of(h, rest);
    if (rb == b) {
        uint32_t a = split_low(h, f, u);
        bin_at(h, b)->e[top].key = key_of(&h->nodes[f]);
        return a;
    }
    if (!list_bin(h, rb, lists) && bin_room(h, rb) == NULL)
        return NONE;
    pop_top(h, b);
    uint32_t a = split_low(h, f, u);
    file_free(h, rb, f, lists);
    return a;
}

/* A block above h->limit: the host ran out of memory before (limit 0),
 * or the block is above max_block. */
static NOINLINE dh_status refuse(const dh_heap *h, dh_heap_outcome *why)
{
    if (h->oom)
        return DH_ENOMEM;
    *why = DH_HEAP_TOO_BIG;
    return DH_OK;
}

/* Best fit of u units (an exact size) is the top of bin b, a sorted or
 * heap bin: every block in the first non-empty bin fits. It is taken whole
 * or split here, else by the general path. */
static HOT dh_status take_top_with(dh_heap *h, uint32_t b, uint32_t u,
                                   dh_block *out, dh_heap_outcome *why,
                                   bool lists)
{
    spot s = {b, top_of(h, b)};
    uint32_t f = bin_at(h, b)->e[s.idx].node;
    uint32_t rest = h->nodes[f].size - u;
    uint32_t a = rest < 2 ? take_top_whole(h, s.bin, f)
                          : take_top_low(h, s.bin, s.idx, f, u, rest, lists);
    if (a == NONE)
        return alloc_units(h, u, out, why);
    *out = a;
    return DH_OK;
}

/* take_top_with for best and first fit (no hint lists)... */
static NOINLINE dh_status take_top(dh_heap *h, uint32_t b, uint32_t u,
                                   dh_block *out, dh_heap_outcome *why)
{
    return take_top_with(h, b, u, out, why, false);
}

/* ... and for best_fit_hint, where b is a range bin and the rest of a
 * split may go to a hint list. */
static NOINLINE dh_status take_top_hint(dh_heap *h, uint32_t b, uint32_t u,
                                        dh_block *out, dh_heap_outcome *why)
{
    return take_top_with(h, b, u, out, why, true);
}

/* The most frequent case, kept free of calls: sorted bin b's top, node f,
 * is taken whole. */
static HOT void take_sorted_whole(dh_heap *h, uint32_t b, dh_heap_bin *bin,
                                  uint32_t f)
{
    if (--bin->len == 0)
        h->binmap[b / 64] &= ~(1ull << (b % 64));
    h->free_blocks--;
    count_busy(h, f);
}

/* Allocate a block of `bytes`, a valid block size (best and first fit). */
static HOT dh_status alloc_bytes(dh_heap *h, uint64_t bytes,
                                    dh_block *out, dh_heap_outcome *why)
{
    *out = NONE;
    *why = DH_HEAP_OK;
    if (bytes > h->limit)
        return refuse(h, why);
    uint64_t u = bytes >> h->shift;
    uint32_t b = u <= h->fast_units ? next_bin(h, (uint32_t)u) : NONE;
    if (b == NONE)
        return alloc_general(h, bytes, out, why);
    /* A free block of at least u units exists: the heap is not full. */
    dh_heap_bin *bin = bin_at(h, b);
    if (heap_bin(bin))
        return take_top(h, b, (uint32_t)u, out, why);
    uint32_t f = bin->e[bin->len - 1].node;
    if (h->nodes[f].size - u >= 2)
        return take_top(h, b, (uint32_t)u, out, why);
    take_sorted_whole(h, b, bin, f);
    *out = f;
    uint64_t end = end_of(h, f);
    return end > h->high_water ? raise_high_water(h, end) : DH_OK;
}

static dh_status list_take_low_grow(dh_heap *h, uint32_t b, uint32_t f,
                                    uint32_t u, dh_block *out);

/* best_fit_hint: the first node f of hint list b gives its low u units
 * to a new busy block; the rest, b - u units, goes after the hint of its
 * own list (out of line, so the whole-block path saves no registers; the
 * high-water mark is raised last, by a tail call). */
static NOINLINE dh_status list_take_low(dh_heap *h, uint32_t b, uint32_t f,
                                        uint32_t u, dh_block *out)
{
    if (h->spare == NONE && h->nnodes == h->capnodes)
        return list_take_low_grow(h, b, f, u, out);
    list_pop(h, b, f);
    uint64_t end = (uint64_t)(h->nodes[f].off + u) << h->shift;
    *out = split_off(h, f, u);
    list_push(h, b - u, f);
    return end > h->high_water ? raise_high_water(h, end) : DH_OK;
}

/* list_take_low once the node array has grown (the slow path). */
static NOINLINE dh_status list_take_low_grow(dh_heap *h, uint32_t b,
                                             uint32_t f, uint32_t u,
                                             dh_block *out)
{
    if (node_reserve(h) != DH_OK) {
        *out = NONE;
        return DH_ENOMEM;
    }
    return list_take_low(h, b, f, u, out);
}

/* best_fit_hint: a request that no hint list serves goes to the top of
 * range bin b, or, b NONE, to the general path. */
static NOINLINE dh_status alloc_hint_other(dh_heap *h, uint32_t b,
                                           uint64_t bytes, dh_block *out,
                                           dh_heap_outcome *why)
{
    *out = NONE;
    if (b == NONE)
        return alloc_general(h, bytes, out, why);
    return take_top_hint(h, b, (uint32_t)(bytes >> h->shift), out, why);
}

/* best_fit_hint: allocate a block of `bytes`, a valid block size. The
 * size is chosen as by alloc_bytes; a hint list (an exact size) serves
 * its first node, a range bin its top as under DH_FIT_BEST. Taking a
 * first node whole makes no call; every other case is a tail call. */
static HOT dh_status alloc_hint(dh_heap *h, uint64_t bytes, dh_block *out,
                                dh_heap_outcome *why)
{
    *why = DH_HEAP_OK;
    if (bytes > h->limit) {
        *out = NONE;
        return refuse(h, why);
    }
    uint32_t shift = h->shift; /* a local: the stores below do not reload it */
    uint64_t u = bytes >> shift;
    uint32_t b = u <= h->list_units ? next_bin(h, (uint32_t)u) : NONE;
    if (b > h->list_units) /* a range bin, or none */
        return alloc_hint_other(h, b, bytes, out, why);
    uint32_t f = h->hint[b];
    if (b - u >= 2)
        return list_take_low(h, b, f, (uint32_t)u, out);
    list_pop(h, b, f); /* taken whole: its size is b */
    h->free_blocks--;
    h->busy_blocks++;
    h->used += (uint64_t)b << shift;
    dh_heap_node *n = &h->nodes[f];
    n->is_free = 0;
    *out = f;
    uint64_t end = (uint64_t)(n->off + b) << shift;
    return end > h->high_water ? raise_high_water(h, end) : DH_OK;
}

/* alloc_hint out of line (see dh_heap_alloc). */
static NOINLINE dh_status alloc_block_hint(dh_heap *h, uint64_t bytes,
                                           dh_block *out,
                                           dh_heap_outcome *why)
{
    return alloc_hint(h, bytes, out, why);
}

dh_status dh_heap_alloc_block(dh_heap *h, uint64_t bytes, dh_block *out,
                              dh_heap_outcome *why)
{
    if ((bytes & (h->p.unit - 1)) != 0 || bytes < 2u * h->p.unit) {
        *out = NONE;
        *why = DH_HEAP_OK;
        return DH_EINPUT;
    }
    if (h->list_units != 0)
        return alloc_block_hint(h, bytes, out, why);
    return alloc_bytes(h, bytes, out, why);
}

/* A request of n bytes, under best or first fit... */
static NOINLINE dh_status alloc_request(dh_heap *h, uint64_t n,
                                        dh_block *out, dh_heap_outcome *why)
{
    return alloc_bytes(h, heap_block_bytes(h, n), out, why);
}

/* ... and under best_fit_hint. */
static NOINLINE dh_status alloc_request_hint(dh_heap *h, uint64_t n,
                                             dh_block *out,
                                             dh_heap_outcome *why)
{
    return alloc_hint(h, heap_block_bytes(h, n), out, why);
}

/* The entry point only dispatches by policy (two tail calls), so that
 * neither path pays for the other's registers. */
dh_status dh_heap_alloc(dh_heap *h, uint64_t n, dh_block *out,
                        dh_heap_outcome *why)
{
    if (h->list_units != 0)
        return alloc_request_hint(h, n, out, why);
    return alloc_request(h, n, out, why);
}

/* ------------------------------------------------------------------ free */

static HOT bool is_busy(const dh_heap *h, dh_block b)
{
    return b < h->nnodes && h->nodes[b].size != 0 && !h->nodes[b].is_free;
}

/* Free neighbour i leaves its bin and the free counters. */
static HOT void unfile(dh_heap *h, uint32_t i, bool lists)
{
    bin_unlink(h, i, lists);
    h->free_blocks--;
}

/* Fold node `right` into its left neighbour `left`. */
static void absorb_right(dh_heap *h, uint32_t left, uint32_t right)
{
    h->nodes[left].size += h->nodes[right].size;
    unlink_node(h, right);
    node_drop(h, right);
}

/* Merge busy node b with its free neighbours; returns the merged node. */
static HOT uint32_t merge(dh_heap *h, uint32_t b, bool lists)
{
    uint32_t l = h->nodes[b].prev, r = h->nodes[b].next;
    bool lf = free_at(h, l), rf = free_at(h, r);
    if (rf) {
        unfile(h, r, lists);
        absorb_right(h, b, r);
    }
    if (lf) {
        unfile(h, l, lists);
        absorb_right(h, l, b);
        b = l;
    }
    return b;
}

/* Free busy node b: merge it with its free neighbours, then file it (the
 * general path; `lists` as in list_bin). */
static HOT void release_merge(dh_heap *h, uint32_t b, bool lists)
{
    const dh_heap_node *n = &h->nodes[b];
    uint32_t size = n->size;
    uint32_t left = free_at(h, n->prev) ? h->nodes[n->prev].size : 0;
    uint32_t right = free_at(h, n->next) ? h->nodes[n->next].size : 0;
    uint32_t merged = size + left + right;
    uint32_t tb = bin_of(h, merged);
    if (bin_ready(h, tb, lists) != DH_OK) { /* nothing changed yet */
        set_oom(h);
        return;
    }
    h->used -= (uint64_t)size << h->shift;
    h->busy_blocks--;
    b = merge(h, b, lists);
    h->nodes[b].is_free = 1;
    file_free(h, tb, b, lists);
    h->free_blocks++;
}

/* release_merge for best and first fit (no hint lists)... */
static NOINLINE void release_slow(dh_heap *h, uint32_t b)
{
    release_merge(h, b, false);
}

/* ... and for best_fit_hint. */
static NOINLINE void release_slow_hint(dh_heap *h, uint32_t b)
{
    release_merge(h, b, true);
}

/* best_fit_hint: release block b if busy. The fast path: both
 * neighbours busy and an exact size, so the block goes after the hint of
 * its list (out of line, reached by a tail call; its only call is one
 * too). */
static NOINLINE void release_hint(dh_heap *h, dh_block b)
{
    if (b >= h->nnodes)
        return;
    dh_heap_node *n = &h->nodes[b];
    uint32_t size = n->size;
    if (size == 0 || n->is_free)
        return;
    if (size > h->list_units || free_at(h, n->prev) || free_at(h, n->next)) {
        release_slow_hint(h, b);
        return;
    }
    h->used -= (uint64_t)size << h->shift;
    h->busy_blocks--;
    h->free_blocks++;
    n->is_free = 1;
    list_push(h, size, b);
}

/* The fast path: both neighbours busy and room in the bin. */
void dh_heap_release(dh_heap *h, dh_block b)
{
    if (h->list_units != 0) {
        release_hint(h, b);
        return;
    }
    if (!is_busy(h, b))
        return;
    dh_heap_node *n = &h->nodes[b];
    uint32_t tb = 0;
    if (!free_at(h, n->prev) && !free_at(h, n->next))
        tb = bin_of(h, n->size);
    if (tb == 0 || bin_room(h, tb) == NULL) {
        release_slow(h, b);
        return;
    }
    h->used -= (uint64_t)n->size << h->shift;
    h->busy_blocks--;
    h->free_blocks++;
    n->is_free = 1;
    bin_push(h, tb, b);
}

/* --------------------------------------------------------------- queries */

uint64_t dh_heap_block_size(const dh_heap *h, dh_block b)
{
    return is_busy(h, b) ? (uint64_t)h->nodes[b].size << h->shift : 0;
}

uint64_t dh_heap_block_offset(const dh_heap *h, dh_block b)
{
    return is_busy(h, b) ? (uint64_t)h->nodes[b].off << h->shift : 0;
}

/* The largest free block is in the last non-empty bin: an exact bin holds
 * one size, a sorted bin has it first, a heap bin is scanned. */
static uint64_t largest_free(const dh_heap *h)
{
    uint32_t b = last_bin(h);
    if (b == NONE)
        return 0;
    if (b <= h->small_units)
        return (uint64_t)b << h->shift;
    const dh_heap_bin *bin = bin_at(h, b);
    uint64_t top = 0;
    uint32_t len = is_heap(h, b) ? bin->len : 1;
    for (uint32_t i = 0; i < len; i++)
        top = bin->e[i].key > top ? bin->e[i].key : top;
    return (top >> 32) << h->shift;
}

void dh_heap_get_stats(const dh_heap *h, dh_heap_stats *s)
{
    s->reserve = h->p.reserve;
    s->header = h->p.header;
    s->used = h->used;
    s->free = free_bytes(h);
    s->committed = h->committed;
    s->largest_free = largest_free(h);
    s->busy_blocks = h->busy_blocks;
    s->free_blocks = h->free_blocks;
}

const char *dh_fit_policy_name(dh_fit_policy f)
{
    switch (f) {
    case DH_FIT_BEST: return "best_fit";
    case DH_FIT_FIRST: return "first_fit";
    case DH_FIT_BEST_HINT: return "best_fit_hint";
    }
    return "?";
}

const char *dh_heap_outcome_name(dh_heap_outcome o)
{
    switch (o) {
    case DH_HEAP_OK: return "ok";
    case DH_HEAP_FULL: return "full";
    case DH_HEAP_FRAGMENTED: return "fragmented";
    case DH_HEAP_TOO_BIG: return "too_big";
    }
    return "?";
}

/* ----------------------------------------------------------------- check */

typedef struct {
    uint64_t used, free, busy, nfree, high;
} tally;

/* Walk the address list: blocks tile [header, header + span), in order,
 * each at least two units, no two free neighbours. */
static bool check_tiling(const dh_heap *h, tally *t)
{
    uint64_t at = h->p.header >> h->shift, steps = 0;
    uint32_t prev = NONE;
    bool prev_free = false;
    for (uint32_t i = h->first; i != NONE; i = h->nodes[i].next) {
        if (i >= h->nnodes || ++steps > h->nnodes)
            return false;
        const dh_heap_node *n = &h->nodes[i];
        if (n->prev != prev || n->off != at || n->size < 2 ||
            (n->is_free && prev_free))
            return false;
        uint64_t bytes = (uint64_t)n->size << h->shift;
        if (n->is_free) {
            t->free += bytes;
            t->nfree++;
        } else {
            t->used += bytes;
            t->busy++;
            uint64_t end = (at + n->size) << h->shift;
            t->high = end > t->high ? end : t->high;
        }
        at += n->size;
        prev = i;
        prev_free = n->is_free;
    }
    uint64_t units = h->span >> h->shift;
    uint64_t end = (h->p.header >> h->shift) + (units >= 2 ? units : 0);
    return at == end;
}

/* One bin: sorted (descending keys, at most SORTED_MAX) or a min-heap
 * whose nodes know their index; each entry names a free node of this bin
 * with its key, seen once (seen[] counts); the bitmap bits agree. */
static bool check_bin(const dh_heap *h, uint32_t b, uint8_t *seen,
                      uint64_t *count)
{
    const dh_heap_bin *bin = h->groups[b / GROUP_BINS] ? bin_at(h, b) : NULL;
    uint32_t len = bin ? bin->len : 0;
    bool heap = is_heap(h, b);
    if ((bin && bin->len > bin->cap) || (!heap && len > SORTED_MAX))
        return false;
    for (uint32_t i = 0; i < len; i++) {
        const dh_heap_entry *e = &bin->e[i];
        if (e->node >= h->nnodes)
            return false;
        if (heap ? i > 0 && bin->e[(i - 1) / 2].key > e->key
                 : i > 0 && bin->e[i - 1].key <= e->key)
            return false;
        const dh_heap_node *n = &h->nodes[e->node];
        if (n->size == 0 || !n->is_free || (heap && h->pos[e->node] != i) ||
            e->key != key_of(n) || bin_of(h, n->size) != b ||
            seen[e->node]++ != 0)
            return false;
    }
    *count += len;
    bool bit = (h->binmap[b / 64] >> (b % 64)) & 1;
    return bit == (len != 0);
}

/* A hint list: each node free, of the list's size, seen once, its prev
 * the node before it (but the first's), at most nnodes of them; the
 * bitmap bit agrees and the bin's header is unused. */
static bool check_list(const dh_heap *h, uint32_t b, uint8_t *seen,
                       uint64_t *count)
{
    const dh_heap_bin *g = h->groups[b / GROUP_BINS];
    if (g != NULL && (g[b % GROUP_BINS].cap != 0 || g[b % GROUP_BINS].len != 0))
        return false;
    uint64_t len = 0;
    for (uint32_t i = h->hint[b], before = NONE; i != NONE;
         before = i, i = h->link[i].next) {
        if (i >= h->nnodes || ++len > h->nnodes)
            return false;
        const dh_heap_node *n = &h->nodes[i];
        if (n->size != b || !n->is_free || seen[i]++ != 0 ||
            (before != NONE && h->link[i].prev != before))
            return false;
    }
    *count += len;
    bool bit = (h->binmap[b / 64] >> (b % 64)) & 1;
    return bit == (len != 0);
}

static bool check_bins(const dh_heap *h, uint64_t free_blocks)
{
    uint8_t *seen = calloc(h->nnodes + 1, 1); /* a test helper may allocate */
    bool ok = seen != NULL;
    uint64_t count = 0;
    for (uint32_t b = 0; ok && b < DH_HEAP_BIN_WORDS * 64; b++)
        ok = b >= h->nbins ? !((h->binmap[b / 64] >> (b % 64)) & 1) &&
                                 !is_heap(h, b)
             : h->hint != NULL && list_bin(h, b, true)
                 ? check_list(h, b, seen, &count)
                              : check_bin(h, b, seen, &count);
    free(seen);
    return ok && count == free_blocks;
}

static bool check_spares(const dh_heap *h, uint64_t blocks)
{
    uint64_t n = 0;
    for (uint32_t i = h->spare; i != NONE; i = h->nodes[i].next)
        if (i >= h->nnodes || h->nodes[i].size != 0 || ++n > h->nnodes)
            return false;
    return n + blocks == h->nnodes;
}

bool dh_heap_check(const dh_heap *h)
{
    tally t = {0};
    if (h->binmap[DH_HEAP_BIN_WORDS] != ~0ull)
        return false;
    if ((h->list_units != 0) != (h->p.fit == DH_FIT_BEST_HINT) ||
        (h->list_units != 0 && (h->hint == NULL ||
                                (h->nnodes > 0 && h->link == NULL))))
        return false;
    if (!check_tiling(h, &t) || !check_bins(h, t.nfree))
        return false;
    if (t.used != h->used || t.free != free_bytes(h) || t.busy != h->busy_blocks ||
        t.nfree != h->free_blocks)
        return false;
    if (t.high > h->high_water || h->committed % h->p.page != 0 ||
        h->committed < h->p.page || h->committed < h->high_water ||
        h->committed < h->p.header)
        return false;
    return check_spares(h, t.busy + t.nfree);
}
