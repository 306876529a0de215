// Host-side encoding of the TMA tensor maps the Hopper GEMMs copy their operand tiles with.
#pragma once

#include <cuda.h>

#include "common.cuh"

namespace ht {

// Row-major [rows][cols] matrix of element_bytes-sized elements as a 2-D tensor map whose box is box_rows rows by
// 128 bytes of columns, with the 128-byte shared-memory swizzle; rows past the end read as zeros.
ht_status encode_tile_map(CUtensorMap *map, const void *base, CUtensorMapDataType type, int element_bytes, int rows,
                          int cols, int box_rows, const char *what);

}  // namespace ht
