/*
 * kernel/fs/cpio.c - the initrd: a cpio "newc" archive (magic 070701)
 * turned into a read-only tree whose file data stays in the archive.
 *
 * Entry: a 110-byte header of ASCII hex fields, the NUL-terminated name
 * (header + name padded to 4 bytes), the data (padded to 4 bytes); the
 * entry named TRAILER!!! ends the archive.  Directories and regular files
 * are kept; other types (links, devices) are skipped.  Every field is
 * checked against the end of the archive.
 */
#include <string.h>

#include "base/num.h"
#include "kernel/fs/vfs.h"

#define CPIO_HDR 110
#define S_IFMT	 0170000u
#define S_IFDIR	 0040000u
#define S_IFREG	 0100000u

static bool hex8(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		int d = num_digit((char)p[i], 16);
		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* Adds one entry: intermediate directories are created as needed. */
static uint16_t add_entry(struct vfs_fs *fs, const char *name, uint32_t len,
			  uint32_t mode, const uint8_t *data, uint32_t size,
			  uint64_t mtim)
{
	struct vnode *dir = fs->root;
	uint32_t i = 0;
	for (;;) {
		while (i < len && name[i] == '/')
			i++;
		uint32_t s = i;
		while (i < len && name[i] != '/')
			i++;
		if (i == s)
			return 0; /* "" or "/" : the root itself */
		bool last = true;
		for (uint32_t j = i; j < len; j++)
			if (name[j] != '/')
				last = false;
		uint32_t l = i - s;
		if (l == 1 && name[s] == '.' && !last)
			continue;
		if (l == 1 && name[s] == '.')
			return 0;
		if (l == 2 && name[s] == '.' && name[s + 1] == '.')
			return WASI_EINVAL;
		if (!last || (mode & S_IFMT) == S_IFDIR) {
			struct vnode *next;
			uint16_t e = vfs_setup_dir(dir, name + s, l, &next);
			if (e)
				return e;
			if (last)
				return 0;
			dir = next;
			continue;
		}
		if ((mode & S_IFMT) != S_IFREG)
			return 0; /* links, devices: not supported, skipped */
		return vfs_setup_file(dir, name + s, l, data, size, mtim);
	}
}

/*
 * Builds fs's tree from the cpio newc archive [p, end), file data
 * borrowed.  WASI_EINVAL on a malformed archive (entries before it stay).
 */
uint16_t cpio_populate(struct vfs_fs *fs, const uint8_t *p, const uint8_t *end)
{
	const uint8_t *start = p;
	while ((size_t)(end - p) >= CPIO_HDR) {
		uint32_t f[13];
		if (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0)
			return WASI_EINVAL;
		for (int i = 0; i < 13; i++)
			if (!hex8(p + 6 + 8 * i, &f[i]))
				return WASI_EINVAL;
		uint32_t mode = f[1], mtime = f[5], size = f[6],
			 namesize = f[11];
		const uint8_t *name = p + CPIO_HDR;
		if (namesize == 0 || namesize > (size_t)(end - name) ||
		    name[namesize - 1] != 0)
			return WASI_EINVAL;
		size_t off = ALIGN_UP((size_t)(name - start) + namesize, 4);
		if (off > (size_t)(end - start))
			return WASI_EINVAL;
		const uint8_t *data = start + off;
		if (size > (size_t)(end - data))
			return WASI_EINVAL;
		uint32_t nlen = namesize - 1;
		if (nlen == 10 && memcmp(name, "TRAILER!!!", 10) == 0)
			return 0;
		if (memchr(name, 0, nlen))
			return WASI_EINVAL;
		uint16_t e = add_entry(fs, (const char *)name, nlen, mode, data,
				       size, (uint64_t)mtime * 1000000000ULL);
		if (e && e != WASI_EEXIST)
			return e;
		size_t next = ALIGN_UP((size_t)(data - start) + size, 4);
		if (next > (size_t)(end - start))
			return 0; /* the last entry's padding may be cut */
		p = start + next;
	}
	return p == end ? 0 : WASI_EINVAL;
}
