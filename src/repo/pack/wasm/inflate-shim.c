// The glue between libdeflate's zlib decompressor and the pack indexer:
// no libc, a bump allocator for the decompressor's own state, and one call
// that reports how much input the stream used.
#include "libdeflate.h"

static unsigned char heap[64 * 1024];
static unsigned long used;

static void *bump (size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (used + n > sizeof(heap)) return 0;
  void *p = heap + used;
  used += n;
  return p;
}
static void nofree (void *p) { (void)p; }

static struct libdeflate_decompressor *d;
static size_t in_used;

__attribute__((export_name("guts_init")))
int guts_init (void) {
  if (d != 0) return 1;
  libdeflate_set_memory_allocator(bump, nofree);
  d = libdeflate_alloc_decompressor();
  return d != 0;
}

/** 0 on success; libdeflate's result code otherwise. */
__attribute__((export_name("guts_inflate")))
int guts_inflate (const void *in, size_t in_len, void *out, size_t out_len) {
  size_t out_got = 0;
  in_used = 0;
  int r = (int)libdeflate_zlib_decompress_ex(d, in, in_len, out, out_len, &in_used, &out_got);
  if (r == 0 && out_got != out_len) return 100;
  return r;
}

__attribute__((export_name("guts_in_used")))
size_t guts_in_used (void) { return in_used; }
