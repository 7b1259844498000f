/* ref_deskheap.c — a frozen copy of model/alloc/deskheap.c as of commit e0bf01f,
 * symbols renamed ref_heap*: the reference of the differential checker
 * (check_alloc.c). Not part of the model; do not tune it. */
/*
 * deskheap.c — one desktop heap as an allocator over its reserved size: the
 * NT heap's block rule, split, coalesce and commit (reactos-notes s.6 and
 * "Suggested model parameters"; behaviour only, written from the notes).
 *
 * Assumptions:
 * - Which free block serves a request is a policy. ReactOS uses best fit by
 *   block size (s.6). Windows XP/2003 is described as using 128 exact-size
 *   lists plus a sorted list 0, close to best fit, but that is not verified:
 *   DH_FIT_BEST is the default, DH_FIT_FIRST (lowest address) the variant.
 * - Best-fit ties go to the lowest address (ReactOS: roughly LIFO), so the
 *   result depends only on the heap's layout, not on the order of frees.
 * - A merge of free neighbours is not capped (ReactOS caps it at 508 KB).
 * - No one-unit guard entries at commit boundaries (ReactOS has them).
 *
 * Layout: blocks are nodes in an array, linked in address order; a handle is
 * a node index; each node also knows whether its neighbours are free, so a
 * free with busy neighbours only stores to them. Free blocks sit in size
 * bins (one per exact size up to 4 KB, then 8 per power of two); a bitmap
 * marks the non-empty bins. Every entry is keyed size << 32 | offset
 * (units), so a bin's smallest key is its best fit at its lowest address. A
 * bin of at most SORTED_MAX entries is an array sorted by descending key:
 * its top is the last entry, taken in O(1); a block is filed by walking from
 * the top past the smaller keys when it lands within SHORT_WALK of it (freed
 * blocks mostly do), else by a binary search and a memmove, and unlinked by
 * a binary search and a memmove. A bin whose capacity grows past SORTED_MAX
 * becomes a binary min-heap for good (O(log n) push, pop and unlink; each
 * free node records its index there). No stale entries: a block merged away
 * by a free leaves its bin at once.
 *
 * Fast paths: best fit of an exact size (up to 4 KB) looks up the first
 * non-empty bin once; every block there fits, so its top is the answer.
 * Taking a sorted bin's top whole is inline and call-free; a split, or a
 * heap bin, continues out of line (take_top), and a split block that stays
 * in its own bin keeps its place (its key only shrank). A free with busy
 * neighbours into a bin with room is inline; merging is out of line. Costs
 * per operation: O(log n) in the free blocks of one bin (a move of at most
 * SORTED_MAX entries in a sorted bin), plus, above 4 KB, a search of the
 * request's own range bin (a binary search, or a heap walk that skips
 * subtrees that cannot hold a better fit); first fit looks at the top of
 * each exact bin and scans the range bins. Bin headers come in groups of 16
 * allocated on first use, and the node array starts small, so an idle heap
 * costs about 1.3 KB.
 */
#include "ref_heap.h"

#include <stdlib.h>
#include <string.h>

#define NONE DH_BLOCK_NONE
#define SMALL_BYTES 4096u /* exact bins up to DeCommitFreeBlockThreshold */
#define SUB_BITS 3        /* 8 bins per power of two above that */
#define SUB_COUNT (1u << SUB_BITS)
#define OFF_MASK 0xFFFFFFFFull
#define GROUP_BINS REF_HEAP_GROUP_BINS
#define SORTED_MAX 256      /* a bin above this many entries is a heap */
#define SHORT_WALK 32       /* a sorted insert walks past at most this many */

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

uint64_t ref_heap_block_bytes(uint32_t unit, uint64_t n)
{
    return block_bytes(unit, n);
}

/* block_bytes for a heap, whose unit is a power of two. */
static HOT uint64_t heap_block_bytes(const ref_heap *h, uint64_t n)
{
    uint64_t unit = h->p.unit;
    n += n == 0;
    if (n > UINT64_MAX - 2 * unit) /* saturate, stay a multiple */
        return UINT64_MAX & ~(unit - 1);
    return (n + 2 * unit - 1) & ~(unit - 1);
}

/* ------------------------------------------------------------------ bins */

/* Bin of a free block of u units (u >= 2). */
static HOT uint32_t bin_of(const ref_heap *h, uint64_t u)
{
    if (u <= h->small_units)
        return (uint32_t)u;
    uint32_t fl = log2_64(u);
    uint32_t sl = (uint32_t)(u >> (fl - SUB_BITS)) & (SUB_COUNT - 1);
    return h->small_units + 1 + (fl - h->small_shift) * SUB_COUNT + sl;
}

static HOT uint64_t key_of(const ref_heap_node *n)
{
    return (uint64_t)n->size << 32 | n->off;
}

/* Bin b's header; its group exists (bin_reserve). */
static HOT ref_heap_bin *bin_at(const ref_heap *h, uint32_t b)
{
    return &h->groups[b / GROUP_BINS][b % GROUP_BINS];
}

/* First non-empty bin at or after b, or NONE. */
static HOT uint32_t next_bin(const ref_heap *h, uint32_t b)
{
    uint32_t w = b / 64;
    if (w >= REF_HEAP_BIN_WORDS)
        return NONE;
    uint64_t bits = h->binmap[w] & (~0ull << (b % 64));
    while (bits == 0) {
        if (++w == REF_HEAP_BIN_WORDS)
            return NONE;
        bits = h->binmap[w];
    }
    return w * 64 + ctz64(bits);
}

/* Last non-empty bin, or NONE. */
static uint32_t last_bin(const ref_heap *h)
{
    for (uint32_t w = REF_HEAP_BIN_WORDS; w-- > 0;)
        if (h->binmap[w] != 0)
            return w * 64 + log2_64(h->binmap[w]);
    return NONE;
}

static void make_heap(ref_heap *h, ref_heap_bin *bin);

/* Bin b gets room for one more entry (its group first): the slow path.
 * A sorted bin that outgrows SORTED_MAX becomes a heap. */
static dh_status bin_grow(ref_heap *h, uint32_t b)
{
    ref_heap_bin **g = &h->groups[b / GROUP_BINS];
    if (*g == NULL && (*g = calloc(GROUP_BINS, sizeof **g)) == NULL)
        return DH_ENOMEM;
    ref_heap_bin *bin = &(*g)[b % GROUP_BINS];
    if (bin->len < bin->cap)
        return DH_OK;
    uint32_t cap = bin->cap ? bin->cap * 2 : 4;
    ref_heap_entry *e = realloc(bin->e, (size_t)cap * sizeof *e);
    if (e == NULL)
        return DH_ENOMEM;
    bin->e = e;
    bin->cap = cap;
    if (cap > SORTED_MAX && cap / 2 <= SORTED_MAX)
        make_heap(h, bin);
    return DH_OK;
}

/* Make room for one more entry in bin b. */
static HOT dh_status bin_reserve(ref_heap *h, uint32_t b)
{
    const ref_heap_bin *g = h->groups[b / GROUP_BINS];
    if (g != NULL && g[b % GROUP_BINS].len < g[b % GROUP_BINS].cap)
        return DH_OK;
    return bin_grow(h, b);
}

/* ----------------------------------------------- sorted and heap bins */

/* A bin with few entries is an array sorted by descending key: its
 * smallest entry is the last, taken in O(1), and a push or an unlink is a
 * short move. A bin that outgrows SORTED_MAX becomes a binary min-heap (an
 * ascending array already is one) in which each entry's node knows its
 * index (pos), and stays one: a bin is a heap when its capacity is above
 * SORTED_MAX. */
static HOT bool heap_bin(const ref_heap_bin *bin)
{
    return bin->cap > SORTED_MAX;
}

static HOT bool is_heap(const ref_heap *h, uint32_t b)
{
    const ref_heap_bin *g = h->groups[b / GROUP_BINS];
    return g != NULL && heap_bin(&g[b % GROUP_BINS]);
}

/* Sorted bin: the number of leading entries with a key above k, i.e.
 * where k goes or is (a binary search without branches). */
static HOT uint32_t count_above(const ref_heap_bin *bin, uint64_t k)
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
static HOT uint32_t top_of(const ref_heap *h, uint32_t b)
{
    const ref_heap_bin *bin = bin_at(h, b);
    return heap_bin(bin) ? 0 : bin->len - 1;
}

/* Index of free node i's entry in its bin b. */
static uint32_t index_of(const ref_heap *h, uint32_t b, uint32_t i)
{
    const ref_heap_bin *bin = bin_at(h, b);
    if (heap_bin(bin))
        return h->nodes[i].pos;
    return count_above(bin, key_of(&h->nodes[i]));
}

/* Put entry x at index i of a heap bin; its node learns where. */
static inline void place(ref_heap *h, ref_heap_bin *bin, uint32_t i,
                         ref_heap_entry x)
{
    bin->e[i] = x;
    h->nodes[x.node].pos = i;
}

/* Entry x goes into the hole at i, then up past larger parents. */
static void sift_up(ref_heap *h, ref_heap_bin *bin, uint32_t i,
                    ref_heap_entry x)
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
static void sift_down(ref_heap *h, ref_heap_bin *bin, uint32_t i,
                      ref_heap_entry x)
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
static void make_heap(ref_heap *h, ref_heap_bin *bin)
{
    for (uint32_t i = 0, j = bin->len - 1; i < j; i++, j--) {
        ref_heap_entry t = bin->e[i];
        bin->e[i] = bin->e[j];
        bin->e[j] = t;
    }
    for (uint32_t i = 0; i < bin->len; i++)
        h->nodes[bin->e[i].node].pos = i;
}

/* Push x on a heap bin with room (the slow path). */
static NOINLINE void heap_push(ref_heap *h, ref_heap_bin *bin, ref_heap_entry x)
{
    sift_up(h, bin, bin->len++, x);
}

/* Take entry i out of heap bin b, which keeps last > 0 entries: the last
 * entry fills the hole and moves up or down (the slow path). */
static NOINLINE void heap_remove(ref_heap *h, ref_heap_bin *bin, uint32_t i,
                                 uint32_t last)
{
    if (i == last)
        return;
    ref_heap_entry x = bin->e[last];
    if (i > 0 && bin->e[(i - 1) / 2].key > x.key)
        sift_up(h, bin, i, x);
    else
        sift_down(h, bin, i, x);
}

/* Sorted bin with room: the entries below x (at the end) move up one and
 * x takes their place. A freed block usually lands among the last few
 * entries, where a short walk beats a binary search and a memmove call;
 * further in, those are used. */
static HOT void sorted_insert(ref_heap_bin *bin, ref_heap_entry x)
{
    if (bin->len > SHORT_WALK && bin->e[bin->len - SHORT_WALK].key < x.key) {
        uint32_t at = count_above(bin, x.key);
        memmove(&bin->e[at + 1], &bin->e[at],
                (bin->len - at) * sizeof *bin->e);
        bin->e[at] = x;
        bin->len++;
        return;
    }
    uint32_t i = bin->len++;
    while (i > 0 && bin->e[i - 1].key < x.key) {
        bin->e[i] = bin->e[i - 1];
        i--;
    }
    bin->e[i] = x;
}

/* File free node `node` in bin b; the bin has room (bin_reserve). */
static HOT void bin_push(ref_heap *h, uint32_t b, uint32_t node)
{
    ref_heap_bin *bin = bin_at(h, b);
    ref_heap_entry x = {key_of(&h->nodes[node]), node};
    h->binmap[b / 64] |= 1ull << (b % 64);
    if (heap_bin(bin)) {
        heap_push(h, bin, x);
        return;
    }
    sorted_insert(bin, x);
}

/* Take the entry at index i out of bin b. */
static HOT void bin_remove(ref_heap *h, uint32_t b, uint32_t i)
{
    ref_heap_bin *bin = bin_at(h, b);
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
static HOT void pop_top(ref_heap *h, uint32_t b)
{
    ref_heap_bin *bin = bin_at(h, b);
    uint32_t last = --bin->len;
    uint64_t gone = (uint64_t)(last == 0) << (b % 64); /* no branch */
    h->binmap[b / 64] &= ~gone;
    if (heap_bin(bin))
        heap_remove(h, bin, 0, last);
}

/* Free node i leaves its bin. */
static inline void bin_unlink(ref_heap *h, uint32_t i)
{
    uint32_t b = bin_of(h, h->nodes[i].size);
    bin_remove(h, b, index_of(h, b, i));
}

/* The host ran out of memory: every later allocation fails. */
static void set_oom(ref_heap *h)
{
    h->oom = true;
    h->limit = 0;
}

/* Bytes in free blocks: the blocks tile h->tiled bytes. */
static HOT uint64_t free_bytes(const ref_heap *h)
{
    return h->tiled - h->used;
}

/* ------------------------------------------------------------ node slots */

static dh_status node_reserve(ref_heap *h)
{
    if (h->spare != NONE || h->nnodes < h->capnodes)
        return DH_OK;
    uint32_t cap = h->capnodes ? h->capnodes * 2 : 16;
    ref_heap_node *n = realloc(h->nodes, (size_t)cap * sizeof *n);
    if (n == NULL)
        return DH_ENOMEM;
    h->nodes = n;
    h->capnodes = cap;
    return DH_OK;
}

/* A node slot (one is there: node_reserve). */
static uint32_t node_take(ref_heap *h)
{
    uint32_t i = h->spare;
    if (i != NONE)
        h->spare = h->nodes[i].next;
    else
        i = h->nnodes++;
    h->nodes[i].in_use = 1;
    return i;
}

static void node_drop(ref_heap *h, uint32_t i)
{
    h->nodes[i] = (ref_heap_node){0, 0, NONE, h->spare, 0, 0, 0, 0, 0};
    h->spare = i;
}

/* Take node i out of the address list. */
static void unlink_node(ref_heap *h, uint32_t i)
{
    ref_heap_node *n = &h->nodes[i];
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
    if (p->reserve / p->unit >= 0x80000000u || p->header > p->reserve)
        return dh_error_set(err, DH_ELIMIT, "heap reserve of %llu bytes or "
                            "header of %llu bytes out of range",
                            (unsigned long long)p->reserve,
                            (unsigned long long)p->header);
    if (p->fit != DH_FIT_BEST && p->fit != DH_FIT_FIRST)
        return dh_error_set(err, DH_EINTERNAL, "unknown fit policy %d",
                            (int)p->fit);
    return DH_OK;
}

static NOINLINE void update_commit(ref_heap *h)
{
    uint64_t top = h->high_water > h->p.header ? h->high_water : h->p.header;
    uint64_t c = round_up(top, h->p.page);
    h->committed = c > h->p.page ? c : h->p.page; /* initial commit: 1 page */
}

/* One free block over [header, header + span). */
static dh_status add_initial_block(ref_heap *h)
{
    uint64_t units = h->span >> h->shift;
    if (units < 2)
        return DH_OK;
    uint32_t b = bin_of(h, units);
    if (node_reserve(h) != DH_OK || bin_reserve(h, b) != DH_OK)
        return DH_ENOMEM;
    uint32_t i = node_take(h);
    h->nodes[i] = (ref_heap_node){(uint32_t)(h->p.header >> h->shift),
                                 (uint32_t)units, NONE, NONE, 0, 1, 1, 0, 0};
    h->first = i;
    bin_push(h, b, i);
    h->tiled = h->span;
    h->free_blocks = 1;
    return DH_OK;
}

dh_status ref_heap_init(ref_heap *h, const dh_heap_params *p, dh_error *err)
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
    h->limit = p->max_block != 0 ? p->max_block : UINT64_MAX;
    h->fast_units = p->fit == DH_FIT_BEST ? h->small_units : 0;
    /* A tail shorter than one unit cannot be a block: it is ignored. */
    h->span = (p->reserve - h->p.header) >> h->shift << h->shift;
    if (add_initial_block(h) != DH_OK) {
        ref_heap_free(h);
        return dh_error_set(err, DH_ENOMEM, "out of memory for a heap");
    }
    update_commit(h);
    return DH_OK;
}

void ref_heap_free(ref_heap *h)
{
    for (uint32_t g = 0; g < REF_HEAP_GROUPS; g++) {
        for (uint32_t i = 0; h->groups[g] && i < GROUP_BINS; i++)
            free(h->groups[g][i].e);
        free(h->groups[g]);
    }
    free(h->nodes);
    memset(h, 0, sizeof *h);
}

/* ------------------------------------------------------------ allocation */

/* Bin b's header if it has room for one more entry, else NULL. */
static HOT ref_heap_bin *bin_room(const ref_heap *h, uint32_t b)
{
    ref_heap_bin *g = h->groups[b / GROUP_BINS];
    if (g == NULL)
        return NULL;
    ref_heap_bin *bin = &g[b % GROUP_BINS];
    return bin->len < bin->cap ? bin : NULL;
}

typedef struct {
    uint32_t bin, idx; /* a free block: its bin and index there */
} spot;

/* Index of the smallest key of at least lo in a heap bin, or NONE. A
 * subtree whose root fits holds nothing smaller that fits: only roots
 * below lo are looked into. */
static uint32_t best_in_heap(const ref_heap_bin *bin, uint64_t lo)
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
static spot best_in_bin(const ref_heap *h, uint32_t b, uint64_t lo)
{
    if (!(h->binmap[b / 64] >> (b % 64) & 1))
        return NOWHERE;
    const ref_heap_bin *bin = bin_at(h, b);
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
static HOT spot find_best(const ref_heap *h, uint64_t u)
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
static spot find_first(const ref_heap *h, uint64_t u)
{
    uint64_t lo = u << 32;
    uint32_t best_off = UINT32_MAX;
    spot s = NOWHERE;
    for (uint32_t b = next_bin(h, bin_of(h, u)); b != NONE;
         b = next_bin(h, b + 1)) {
        const ref_heap_bin *bin = bin_at(h, b);
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
static NOINLINE dh_status raise_high_water(ref_heap *h, uint64_t end)
{
    h->high_water = end;
    update_commit(h);
    return DH_OK;
}

/* Node i becomes busy (the counters only). */
static HOT void count_busy(ref_heap *h, uint32_t i)
{
    ref_heap_node *n = &h->nodes[i];
    n->is_free = 0;
    h->used += (uint64_t)n->size << h->shift;
    h->busy_blocks++;
}

/* The end of busy node i in bytes. */
static HOT uint64_t end_of(const ref_heap *h, uint32_t i)
{
    return (uint64_t)(h->nodes[i].off + h->nodes[i].size) << h->shift;
}

static HOT void make_busy(ref_heap *h, uint32_t i)
{
    count_busy(h, i);
    if (end_of(h, i) > h->high_water)
        raise_high_water(h, end_of(h, i));
}

/* Tell node i's address neighbours whether i is free. Stores only: the
 * neighbours' other fields are not needed, so their cache lines are not
 * waited for. */
static HOT void tell_neighbours(ref_heap *h, uint32_t i, uint8_t is_free)
{
    const ref_heap_node *n = &h->nodes[i];
    if (n->prev != NONE)
        h->nodes[n->prev].next_free = is_free;
    if (n->next != NONE)
        h->nodes[n->next].prev_free = is_free;
}

/* Whole free block f at spot s (a remainder below two units stays in
 * it). */
static HOT uint32_t take_whole(ref_heap *h, spot s, uint32_t f)
{
    bin_remove(h, s.bin, s.idx);
    h->free_blocks--;
    make_busy(h, f);
    tell_neighbours(h, f, 0);
    return f;
}

/* Free node f at spot s has shrunk: its key only got smaller, so in the
 * same heap bin it sifts up in place; else it is filed again in bin rb. */
static void refile(ref_heap *h, spot s, uint32_t rb, uint32_t f)
{
    ref_heap_node *n = &h->nodes[f];
    if (rb == s.bin && is_heap(h, rb)) {
        sift_up(h, bin_at(h, rb), s.idx, (ref_heap_entry){key_of(n), f});
    } else {
        bin_remove(h, s.bin, s.idx);
        bin_push(h, rb, f);
    }
}

/* Free node f gives its low u units to a new busy node, which is
 * returned; f keeps the rest (its bin entry is the caller's). */
static HOT uint32_t split_low(ref_heap *h, uint32_t f, uint32_t u)
{
    uint32_t a = node_take(h);
    ref_heap_node *n = &h->nodes[f];
    h->nodes[a] = (ref_heap_node){n->off, u, n->prev, f, 0, 0, 1, 0, 1};
    if (n->prev != NONE) {
        h->nodes[n->prev].next = a;
        h->nodes[n->prev].next_free = 0;
    } else {
        h->first = a;
    }
    n->prev = a;
    n->off += u;
    n->size -= u;
    make_busy(h, a);
    return a;
}

/* Low u units of free block f (at spot s) become a new busy node; f keeps
 * the rest and is refiled in bin rb. */
static uint32_t take_low(ref_heap *h, spot s, uint32_t rb, uint32_t f,
                         uint32_t u)
{
    uint32_t a = split_low(h, f, u);
    refile(h, s, rb, f);
    return a;
}

/* Serve u units from the free block at spot s. */
static HOT dh_status carve(ref_heap *h, spot s, uint32_t u,
                               dh_block *out)
{
    uint32_t f = bin_at(h, s.bin)->e[s.idx].node;
    uint32_t rest = h->nodes[f].size - u;
    if (rest < 2) {
        *out = take_whole(h, s, f);
        return DH_OK;
    }
    uint32_t rb = bin_of(h, rest);
    if (node_reserve(h) != DH_OK || bin_reserve(h, rb) != DH_OK)
        return DH_ENOMEM;
    *out = take_low(h, s, rb, f, u);
    return DH_OK;
}

/* Place u units by the fit policy: the general path. */
static NOINLINE dh_status alloc_units(ref_heap *h, uint64_t u, dh_block *out,
                                      dh_heap_outcome *why)
{
    spot s = h->p.fit == DH_FIT_BEST ? find_best(h, u) : find_first(h, u);
    if (s.idx == NONE) {
        *why = DH_HEAP_FRAGMENTED;
        return DH_OK;
    }
    return carve(h, s, (uint32_t)u, out);
}

/* Free node f, the top of bin b, is taken whole. */
static HOT uint32_t take_top_whole(ref_heap *h, uint32_t b, uint32_t f)
{
    pop_top(h, b);
    h->free_blocks--;
    make_busy(h, f);
    tell_neighbours(h, f, 0);
    return f;
}

/* Free node f, the top of bin b, is split; what it keeps, `rest` units,
 * belongs in bin rb. In the same bin it is still the smallest key (its
 * size shrank), so it stays the top and only its key changes; another
 * bin needs room for it. NONE if a node slot or that room is missing. */
static HOT uint32_t take_top_low(ref_heap *h, uint32_t b, uint32_t top,
                                uint32_t f, uint32_t u, uint32_t rest)
{
    if (h->spare == NONE && h->nnodes == h->capnodes)
        return NONE;
    uint32_t rb = bin_of(h, rest);
    if (rb == b) {
        uint32_t a = split_low(h, f, u);
        bin_at(h, b)->e[top].key = key_of(&h->nodes[f]);
        return a;
    }
    if (bin_room(h, rb) == NULL)
        return NONE;
    pop_top(h, b);
    uint32_t a = split_low(h, f, u);
    bin_push(h, rb, f);
    return a;
}

/* A block above h->limit: the host ran out of memory before (limit 0),
 * or the block is above max_block. */
static NOINLINE dh_status refuse(const ref_heap *h, dh_heap_outcome *why)
{
    if (h->oom)
        return DH_ENOMEM;
    *why = DH_HEAP_TOO_BIG;
    return DH_OK;
}

/* Best fit of u units (an exact size) is the top of bin s.bin, at index
 * s.idx: every block in the first non-empty bin fits. It is taken whole
 * or split here, else by the general path. */
static NOINLINE dh_status take_top(ref_heap *h, spot s, uint32_t u,
                                   dh_block *out, dh_heap_outcome *why)
{
    uint32_t f = bin_at(h, s.bin)->e[s.idx].node;
    uint32_t rest = h->nodes[f].size - u;
    uint32_t a = rest < 2 ? take_top_whole(h, s.bin, f)
                          : take_top_low(h, s.bin, s.idx, f, u, rest);
    if (a == NONE)
        return alloc_units(h, u, out, why);
    *out = a;
    return DH_OK;
}

/* The most frequent case, kept free of calls: sorted bin b's top, node f,
 * is taken whole. */
static HOT void take_sorted_whole(ref_heap *h, uint32_t b, ref_heap_bin *bin,
                                  uint32_t f)
{
    if (--bin->len == 0)
        h->binmap[b / 64] &= ~(1ull << (b % 64));
    h->free_blocks--;
    count_busy(h, f);
    tell_neighbours(h, f, 0);
}

/* Allocate a block of `bytes`, a valid block size. */
static HOT dh_status alloc_bytes(ref_heap *h, uint64_t bytes,
                                    dh_block *out, dh_heap_outcome *why)
{
    *out = NONE;
    *why = DH_HEAP_OK;
    if (bytes > h->limit)
        return refuse(h, why);
    if (bytes > free_bytes(h)) {
        *why = DH_HEAP_FULL;
        return DH_OK;
    }
    uint64_t u = bytes >> h->shift;
    uint32_t b = u <= h->fast_units ? next_bin(h, (uint32_t)u) : NONE;
    if (b == NONE)
        return alloc_units(h, u, out, why);
    ref_heap_bin *bin = bin_at(h, b);
    bool heap = heap_bin(bin);
    uint32_t top = heap ? 0 : bin->len - 1;
    uint32_t f = bin->e[top].node;
    if (heap || h->nodes[f].size - u >= 2)
        return take_top(h, (spot){b, top}, (uint32_t)u, out, why);
    take_sorted_whole(h, b, bin, f);
    *out = f;
    uint64_t end = end_of(h, f);
    return end > h->high_water ? raise_high_water(h, end) : DH_OK;
}

dh_status ref_heap_alloc_block(ref_heap *h, uint64_t bytes, dh_block *out,
                              dh_heap_outcome *why)
{
    if ((bytes & (h->p.unit - 1)) != 0 || bytes < 2u * h->p.unit) {
        *out = NONE;
        *why = DH_HEAP_OK;
        return DH_EINPUT;
    }
    return alloc_bytes(h, bytes, out, why);
}

dh_status ref_heap_alloc(ref_heap *h, uint64_t n, dh_block *out,
                        dh_heap_outcome *why)
{
    return alloc_bytes(h, heap_block_bytes(h, n), out, why);
}

/* ------------------------------------------------------------------ free */

static HOT bool is_busy(const ref_heap *h, dh_block b)
{
    return b < h->nnodes && h->nodes[b].in_use && !h->nodes[b].is_free;
}

/* Free neighbour i leaves its bin and the free counters. */
static void unfile(ref_heap *h, uint32_t i)
{
    bin_unlink(h, i);
    h->free_blocks--;
}

/* Fold node `right` into its left neighbour `left`. */
static void absorb_right(ref_heap *h, uint32_t left, uint32_t right)
{
    h->nodes[left].size += h->nodes[right].size;
    unlink_node(h, right);
    node_drop(h, right);
}

/* Merge busy node b with its free neighbours; returns the merged node. */
static uint32_t merge(ref_heap *h, uint32_t b)
{
    uint32_t l = h->nodes[b].prev, r = h->nodes[b].next;
    bool lf = h->nodes[b].prev_free, rf = h->nodes[b].next_free;
    if (rf) {
        unfile(h, r);
        absorb_right(h, b, r);
    }
    if (lf) {
        unfile(h, l);
        absorb_right(h, l, b);
        b = l;
    }
    return b;
}

/* Free busy node b: merge it with its free neighbours, then file it (the
 * general path). */
static NOINLINE void release_slow(ref_heap *h, uint32_t b)
{
    const ref_heap_node *n = &h->nodes[b];
    uint32_t size = n->size;
    uint32_t merged = size + (n->prev_free ? h->nodes[n->prev].size : 0) +
                      (n->next_free ? h->nodes[n->next].size : 0);
    uint32_t tb = bin_of(h, merged);
    if (bin_reserve(h, tb) != DH_OK) { /* nothing changed yet */
        set_oom(h);
        return;
    }
    h->used -= (uint64_t)size << h->shift;
    h->busy_blocks--;
    b = merge(h, b);
    h->nodes[b].is_free = 1;
    h->nodes[b].prev_free = h->nodes[b].next_free = 0; /* no free pairs */
    tell_neighbours(h, b, 1);
    bin_push(h, tb, b);
    h->free_blocks++;
}

/* The fast path: both neighbours busy and room in the bin. */
void ref_heap_release(ref_heap *h, dh_block b)
{
    if (!is_busy(h, b))
        return;
    ref_heap_node *n = &h->nodes[b];
    uint32_t tb = 0;
    if (!(n->prev_free | n->next_free))
        tb = bin_of(h, n->size);
    if (tb == 0 || bin_room(h, tb) == NULL) {
        release_slow(h, b);
        return;
    }
    h->used -= (uint64_t)n->size << h->shift;
    h->busy_blocks--;
    h->free_blocks++;
    n->is_free = 1;
    tell_neighbours(h, b, 1);
    bin_push(h, tb, b);
}

/* --------------------------------------------------------------- queries */

uint64_t ref_heap_block_size(const ref_heap *h, dh_block b)
{
    return is_busy(h, b) ? (uint64_t)h->nodes[b].size << h->shift : 0;
}

uint64_t ref_heap_block_offset(const ref_heap *h, dh_block b)
{
    return is_busy(h, b) ? (uint64_t)h->nodes[b].off << h->shift : 0;
}

/* The largest free block is in the last non-empty bin: an exact bin holds
 * one size, a sorted bin has it first, a heap bin is scanned. */
static uint64_t largest_free(const ref_heap *h)
{
    uint32_t b = last_bin(h);
    if (b == NONE)
        return 0;
    if (b <= h->small_units)
        return (uint64_t)b << h->shift;
    const ref_heap_bin *bin = bin_at(h, b);
    uint64_t top = 0;
    uint32_t len = is_heap(h, b) ? bin->len : 1;
    for (uint32_t i = 0; i < len; i++)
        top = bin->e[i].key > top ? bin->e[i].key : top;
    return (top >> 32) << h->shift;
}

void ref_heap_get_stats(const ref_heap *h, dh_heap_stats *s)
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

const char *ref_fit_policy_name(dh_fit_policy f)
{
    switch (f) {
    case DH_FIT_BEST: return "best_fit";
    case DH_FIT_FIRST: return "first_fit";
    default: break; /* (added so that it compiles with newer policies) */
    }
    return "?";
}

const char *ref_heap_outcome_name(dh_heap_outcome o)
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
static bool check_tiling(const ref_heap *h, tally *t)
{
    uint64_t at = h->p.header >> h->shift, steps = 0;
    uint32_t prev = NONE;
    bool prev_free = false;
    for (uint32_t i = h->first; i != NONE; i = h->nodes[i].next) {
        if (i >= h->nnodes || ++steps > h->nnodes)
            return false;
        const ref_heap_node *n = &h->nodes[i];
        if (!n->in_use || n->prev != prev || n->off != at || n->size < 2 ||
            (n->is_free && prev_free) || n->prev_free != prev_free ||
            (prev != NONE && h->nodes[prev].next_free != n->is_free))
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
    return at == end && (prev == NONE || !h->nodes[prev].next_free);
}

/* One bin: sorted (descending keys, at most SORTED_MAX) or a min-heap
 * whose nodes know their index; each entry names a free node of this bin
 * with its key, seen once (seen[] counts); the bitmap bits agree. */
static bool check_bin(const ref_heap *h, uint32_t b, uint8_t *seen,
                      uint64_t *count)
{
    const ref_heap_bin *bin = h->groups[b / GROUP_BINS] ? bin_at(h, b) : NULL;
    uint32_t len = bin ? bin->len : 0;
    bool heap = is_heap(h, b);
    if ((bin && bin->len > bin->cap) || (!heap && len > SORTED_MAX))
        return false;
    for (uint32_t i = 0; i < len; i++) {
        const ref_heap_entry *e = &bin->e[i];
        if (e->node >= h->nnodes)
            return false;
        if (heap ? i > 0 && bin->e[(i - 1) / 2].key > e->key
                 : i > 0 && bin->e[i - 1].key <= e->key)
            return false;
        const ref_heap_node *n = &h->nodes[e->node];
        if (!n->in_use || !n->is_free || (heap && n->pos != i) ||
            e->key != key_of(n) || bin_of(h, n->size) != b ||
            seen[e->node]++ != 0)
            return false;
    }
    *count += len;
    bool bit = (h->binmap[b / 64] >> (b % 64)) & 1;
    return bit == (len != 0);
}

static bool check_bins(const ref_heap *h, uint64_t free_blocks)
{
    uint8_t *seen = calloc(h->nnodes + 1, 1); /* a test helper may allocate */
    bool ok = seen != NULL;
    uint64_t count = 0;
    for (uint32_t b = 0; ok && b < REF_HEAP_BIN_WORDS * 64; b++)
        ok = b < h->nbins ? check_bin(h, b, seen, &count)
                          : !((h->binmap[b / 64] >> (b % 64)) & 1) &&
                                !is_heap(h, b);
    free(seen);
    return ok && count == free_blocks;
}

static bool check_spares(const ref_heap *h, uint64_t blocks)
{
    uint64_t n = 0;
    for (uint32_t i = h->spare; i != NONE; i = h->nodes[i].next)
        if (i >= h->nnodes || h->nodes[i].in_use || ++n > h->nnodes)
            return false;
    return n + blocks == h->nnodes;
}

bool ref_heap_check(const ref_heap *h)
{
    tally t = {0};
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
