/*
 * kernel/fs/ext2_file.c - ext2 file data: the block map (direct, indirect,
 * double and triple indirect blocks), reading with read-ahead, writing,
 * truncating.  Lock: "vfs" (kernel/fs/ext2_impl.h).
 *
 * Holes read as zeroes and cost nothing until written.  A block taken for
 * a file is zeroed before use (it may hold a deleted file's bytes, on the
 * disk or in the cache).  Reads do not change access times (as with
 * Linux's noatime): writing an inode for every read would double the I/O,
 * and reading the clock costs a tenth of a cached 4 KiB read.
 */
#include <string.h>

#include "kernel/fs/ext2_impl.h"
#include "kernel/log.h"

/* Blocks kept in flight ahead of a sequential reader (512 KiB of 4 KiB
 * blocks): enough that the disk stays ahead of a reader copying out of
 * the cache, which would otherwise sleep on every request. */
#define RA_WINDOW 128u
/* Bytes copied out of the cache per lock round. */
#define COPY_MAX 16384u

static uint16_t corrupt(struct ext2_fs *fs, struct ext2_node *n, uint32_t b)
{
	log_error("ext2",
		  "%s: inode %u: block number %u out of range "
		  "(damaged; run e2fsck)",
		  fs->dev->name, n->ino, b);
	return WASI_EIO;
}

static bool blk_ok(const struct ext2_fs *fs, uint32_t b)
{
	return b > fs->sb.first_data_block && b < fs->sb.blocks_count;
}

/* A new block for n near goal; indirect ones are zeroed in the cache. */
static uint16_t new_block(struct ext2_fs *fs, struct ext2_node *n,
			  uint32_t goal, bool indirect, uint32_t *out)
{
	uint16_t e = ext2_alloc_block(fs, goal, out);
	if (e)
		return e;
	n->di.blocks += fs->sb.block_size / 512;
	if (indirect) {
		struct bbuf *b;
		err_t err = bcache_get_new(fs->bc, *out, &b);
		if (err)
			return ext2_errno(err);
		memset(b->data, 0, fs->sb.block_size);
		bcache_dirty(b, EXT2_W_MAP);
		bcache_put(b);
	}
	return 0;
}

/* Where to look for n's next block: after its last, or its group. */
static uint32_t goal_of(struct ext2_fs *fs, struct ext2_node *n, uint32_t prev)
{
	if (prev)
		return prev + 1;
	uint32_t g = (n->ino - 1) / fs->sb.inodes_per_group;
	return ext2_group_first(&fs->sb, g);
}

/* Caches the run of contiguous blocks that starts at entry i of the
 * little-endian block array map (count entries, 4-byte aligned: a block
 * buffer): file block lblk on.  Words, not ext2_le32's bytes: the scan
 * runs over up to a block's worth of entries (little-endian hosts only,
 * as the kernel is). */
static void remember_run(struct ext2_fs *fs, struct ext2_node *n, uint64_t lblk,
			 const uint32_t *map, uint32_t i, uint32_t count)
{
	uint32_t first = map[i], k = 1;
	uint32_t most = first < fs->sb.blocks_count
				? MIN(count - i, fs->sb.blocks_count - first)
				: 1;
	/* Two entries per compare where they are 8-byte aligned (a run is
	 * scanned whole when first met: up to a map block of entries). */
	if (k < most && ((uintptr_t)&map[i + k] & 7) && map[i + k] == first + k)
		k++;
	if (((uintptr_t)&map[i + k] & 7) == 0) {
		const uint64_t *pair =
			(const uint64_t *)(const void *)&map[i + k];
		while (k + 1 < most &&
		       *pair++ ==
			       ((uint64_t)(first + k + 1) << 32 | (first + k)))
			k += 2;
	}
	while (k < most && map[i + k] == first + k)
		k++;
	n->rc_lblk = lblk;
	n->rc_pblk = first;
	n->rc_len = k;
}

uint16_t ext2_bmap_walk(struct ext2_fs *fs, struct ext2_node *n, uint64_t lblk,
			bool alloc, uint32_t *out, bool *fresh)
{
	uint32_t idx[4];
	unsigned depth;
	*fresh = false;
	*out = 0;
	if (ext2_bmap_path(&fs->sb, lblk, idx, &depth))
		return WASI_EFBIG;
	uint32_t *top = depth ? &n->di.block[EXT2_IND + depth - 1]
			      : &n->di.block[idx[0]];
	uint32_t b = *top;
	if (b && !blk_ok(fs, b))
		return corrupt(fs, n, b);
	if (!b) {
		if (!alloc)
			return 0;
		uint16_t e = new_block(fs, n, goal_of(fs, n, 0), depth > 0, &b);
		if (e)
			return e;
		*top = b;
		*fresh = depth == 0;
	}
	for (unsigned d = 1; d <= depth; d++) {
		struct bbuf *ib;
		err_t err = bcache_get(fs->bc, b, &ib);
		if (err)
			return ext2_errno(err);
		uint8_t *p = ib->data + 4 * idx[d];
		uint32_t next = ext2_le32(p);
		if (next && !blk_ok(fs, next)) {
			bcache_put(ib);
			return corrupt(fs, n, next);
		}
		if (!next && alloc) {
			uint16_t e = new_block(fs, n, goal_of(fs, n, b),
					       d < depth, &next);
			if (e) {
				bcache_put(ib);
				return e;
			}
			ext2_put32(p, next);
			bcache_dirty(ib, EXT2_W_MAP);
			*fresh = d == depth;
		}
		if (d == depth && next)
			remember_run(fs, n, lblk,
				     (const uint32_t *)(const void *)ib->data,
				     idx[d], fs->sb.ptrs_per_block);
		bcache_put(ib);
		b = next;
		if (!b)
			return 0; /* a hole */
	}
	if (depth == 0)
		remember_run(fs, n, lblk, n->di.block, idx[0], EXT2_NDIR);
	*out = b;
	return 0;
}

/*
 * A reader at lblk: when it reads sequentially (from the start, or the
 * block after the last one it read), keeps the next RA_WINDOW blocks in
 * flight, in requests of contiguous disk blocks; each new window starts
 * when half of the previous one has been read.
 */
/* Exchanges n's run cache with read-ahead's. */
static void swap_runs(struct ext2_node *n)
{
	uint64_t l = n->rc_lblk;
	uint32_t p = n->rc_pblk, k = n->rc_len;
	n->rc_lblk = n->ra_rc_lblk;
	n->rc_pblk = n->ra_rc_pblk;
	n->rc_len = n->ra_rc_len;
	n->ra_rc_lblk = l;
	n->ra_rc_pblk = p;
	n->ra_rc_len = k;
}

static void read_ahead(struct ext2_fs *fs, struct ext2_node *n, uint64_t lblk)
{
	if (lblk != n->ra_next) {
		n->ra_end = lblk; /* a jump: what was requested is moot */
		if (lblk != 0)
			return; /* random access: no read-ahead */
	}
	if (n->ra_end > lblk + RA_WINDOW / 2)
		return;
	uint32_t bs = fs->sb.block_size;
	uint64_t nblocks = (n->di.size + bs - 1) / bs;
	uint64_t start = MAX(lblk, n->ra_end);
	uint64_t end = MIN(lblk + RA_WINDOW, nblocks);
	swap_runs(n);
	for (uint64_t k = start; k < end;) {
		uint32_t pb;
		bool fresh;
		if (ext2_bmap(fs, n, k, false, &pb, &fresh))
			break;
		/* The run the block map just cached (holes: one block). */
		uint64_t len = 1;
		if (pb && k - n->rc_lblk < n->rc_len)
			len = n->rc_len - (k - n->rc_lblk);
		len = MIN(len, end - k);
		if (pb)
			bcache_readahead(fs->bc, pb, (uint32_t)len);
		k += len;
	}
	swap_runs(n);
	n->ra_end = end;
}

/* Copies from a block held in the cache (read from the disk if needed). */
static uint16_t copy_held(struct ext2_fs *fs, uint32_t pb, uint32_t in,
			  uint8_t *dst, uint32_t k)
{
	struct bbuf *b;
	err_t err = bcache_get(fs->bc, pb, &b);
	if (err)
		return ext2_errno(err);
	__builtin_memcpy(dst, b->data + in, k);
	bcache_put(b);
	return 0;
}

uint16_t ext2_file_read(struct vnode *vn, void *buf, uint32_t len, uint64_t off,
			uint32_t *got)
{
	struct ext2_fs *fs = ext2_of(vn);
	struct ext2_node *n = ext2_node_of(vn);
	uint32_t bs = fs->sb.block_size;
	*got = 0;
	if (off >= n->di.size)
		return 0;
	len = (uint32_t)MIN((uint64_t)len, n->di.size - off);
	while (*got < len) {
		uint64_t pos = off + *got, lblk = pos / bs;
		uint32_t in = (uint32_t)(pos % bs),
			 k = MIN(bs - in, len - *got);
		uint32_t pb;
		bool fresh;
		if (in == 0 || *got == 0)
			read_ahead(fs, n, lblk);
		uint16_t e = ext2_bmap(fs, n, lblk, false, &pb, &fresh);
		if (e)
			return *got ? 0 : e;
		if (!pb) {
			memset((uint8_t *)buf + *got, 0, k);
		} else {
			/* Contiguous cached blocks go in one lock round (up
			 * to COPY_MAX bytes with interrupts off). */
			uint64_t run = lblk - n->rc_lblk < n->rc_len
					       ? n->rc_len - (lblk - n->rc_lblk)
					       : 1;
			uint64_t most = MIN(run * bs - in, (uint64_t)COPY_MAX);
			uint32_t c = bcache_copy_out(
				fs->bc, pb, in, (uint8_t *)buf + *got,
				(uint32_t)MIN((uint64_t)(len - *got), most));
			if (c) {
				k = c;
			} else if ((e = copy_held(fs, pb, in,
						  (uint8_t *)buf + *got, k))) {
				return *got ? 0 : e;
			}
		}
		*got += k;
		n->ra_next = (off + *got - 1) / bs + 1;
	}
	return 0;
}

/* Before a change that makes a file end at `end` bytes: the file system
 * writable (ext2_begin_write) and end within the largest file, else
 * EFBIG. */
static uint16_t begin_resize(struct ext2_fs *fs, uint64_t end)
{
	uint32_t bs = fs->sb.block_size;
	uint16_t e = ext2_begin_write(fs);
	if (!e && (end + bs - 1) / bs > fs->sb.max_file_blocks)
		e = WASI_EFBIG;
	return e;
}

uint16_t ext2_file_write(struct vnode *vn, const void *buf, uint32_t len,
			 uint64_t off, uint32_t *done)
{
	struct ext2_fs *fs = ext2_of(vn);
	struct ext2_node *n = ext2_node_of(vn);
	uint32_t bs = fs->sb.block_size;
	*done = 0;
	uint16_t e = begin_resize(fs, off + len);
	if (e)
		return e;
	while (*done < len) {
		uint64_t pos = off + *done;
		uint32_t in = (uint32_t)(pos % bs),
			 k = MIN(bs - in, len - *done);
		uint32_t pb;
		bool fresh, whole = in == 0 && k == bs;
		if ((e = ext2_bmap(fs, n, pos / bs, true, &pb, &fresh)))
			break;
		struct bbuf *b;
		err_t err = fresh || whole ? bcache_get_new(fs->bc, pb, &b)
					   : bcache_get(fs->bc, pb, &b);
		if (err) {
			e = ext2_errno(err);
			break;
		}
		if (fresh && !whole)
			memset(b->data, 0, bs);
		__builtin_memcpy(b->data + in, (const uint8_t *)buf + *done, k);
		bcache_dirty(b, EXT2_W_DATA);
		bcache_put(b);
		*done += k;
	}
	if (*done) {
		if (off + *done > n->di.size)
			n->di.size = off + *done;
		vn->size = n->di.size;
		n->di.mtime = n->di.ctime = ext2_now();
		vn->mtim = vn->ctim = (uint64_t)n->di.mtime * 1000000000ULL;
		e = 0; /* a short write: the error comes with the next one */
	}
	uint16_t we = ext2_write_inode(fs, n);
	return e ? e : we;
}

/*
 * Frees the blocks under indirect block blk (depth levels) for file
 * blocks `first` on (relative to the subtree); true when blk itself was
 * emptied and freed.
 */
static bool free_tree(struct ext2_fs *fs, struct ext2_node *n, uint32_t blk,
		      unsigned depth, uint64_t first)
{
	uint32_t p = fs->sb.ptrs_per_block, sectors = fs->sb.block_size / 512;
	uint64_t span = 1;
	for (unsigned d = 1; d < depth; d++)
		span *= p;
	struct bbuf *b;
	if (!blk_ok(fs, blk) || bcache_get(fs->bc, blk, &b))
		return false;
	bool empty = true, changed = false;
	for (uint32_t i = 0; i < p; i++) {
		uint8_t *e = b->data + 4 * i;
		uint32_t c = ext2_le32(e);
		if (!c)
			continue;
		uint64_t lo = i * span;
		if (lo + span <= first || !blk_ok(fs, c)) {
			empty = false; /* kept (or damaged: left alone) */
			continue;
		}
		bool gone;
		if (depth == 1) {
			ext2_free_block(fs, c);
			n->di.blocks -= MIN(n->di.blocks, sectors);
			gone = true;
		} else {
			gone = free_tree(fs, n, c, depth - 1,
					 first > lo ? first - lo : 0);
		}
		if (gone) {
			ext2_put32(e, 0);
			changed = true;
		} else {
			empty = false;
		}
	}
	if (changed)
		bcache_dirty(b, EXT2_W_MAP);
	bcache_put(b);
	if (empty) {
		ext2_free_block(fs, blk);
		n->di.blocks -= MIN(n->di.blocks, sectors);
	}
	return empty;
}

uint16_t ext2_free_blocks_from(struct ext2_fs *fs, struct ext2_node *n,
			       uint64_t from)
{
	n->rc_len = n->ra_rc_len = 0; /* mappings are going away */
	uint32_t sectors = fs->sb.block_size / 512;
	for (uint64_t i = from; i < EXT2_NDIR; i++)
		if (n->di.block[i] && blk_ok(fs, n->di.block[i])) {
			ext2_free_block(fs, n->di.block[i]);
			n->di.block[i] = 0;
			n->di.blocks -= MIN(n->di.blocks, sectors);
		}
	uint64_t base = EXT2_NDIR, span = 1, p = fs->sb.ptrs_per_block;
	for (unsigned d = 1; d <= 3; d++) {
		span *= p;
		uint32_t *top = &n->di.block[EXT2_IND + d - 1];
		if (*top && from < base + span &&
		    free_tree(fs, n, *top, d, from > base ? from - base : 0))
			*top = 0;
		base += span;
	}
	return 0;
}

uint16_t ext2_file_truncate(struct vnode *vn, uint64_t size)
{
	struct ext2_fs *fs = ext2_of(vn);
	struct ext2_node *n = ext2_node_of(vn);
	uint32_t bs = fs->sb.block_size;
	uint16_t e = begin_resize(fs, size);
	if (e)
		return e;
	if (size < n->di.size) {
		/* The rest of the last block must read as zeroes if the file
		 * grows again. */
		uint32_t pb;
		bool fresh;
		if (size % bs &&
		    !ext2_bmap(fs, n, size / bs, false, &pb, &fresh) && pb) {
			struct bbuf *b;
			if (!bcache_get(fs->bc, pb, &b)) {
				memset(b->data + size % bs, 0, bs - size % bs);
				bcache_dirty(b, EXT2_W_DATA);
				bcache_put(b);
			}
		}
		ext2_free_blocks_from(fs, n, (size + bs - 1) / bs);
		n->ra_next = n->ra_end = 0;
	}
	n->di.size = size;
	vn->size = size;
	n->di.mtime = n->di.ctime = ext2_now();
	vn->mtim = vn->ctim = (uint64_t)n->di.mtime * 1000000000ULL;
	return ext2_write_inode(fs, n);
}
