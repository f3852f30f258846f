#ifndef TALLY_CLMDB_SHIM_H
#define TALLY_CLMDB_SHIM_H
#include <lmdb.h>

/// MDB_val from a pointer and a length, without Swift-side struct juggling.
static inline MDB_val clmdb_val(const void *data, size_t size) {
    MDB_val v; v.mv_size = size; v.mv_data = (void *)data; return v;
}
#endif
