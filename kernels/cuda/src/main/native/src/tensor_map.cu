#include <cudaTypedefs.h>

#include <string>

#include "tensor_map.cuh"

namespace ht {
namespace {

// cuTensorMapEncodeTiled, looked up once through the runtime so the library needs no link to libcuda.
PFN_cuTensorMapEncodeTiled_v12000 encode_tiled_function() {
    static PFN_cuTensorMapEncodeTiled_v12000 function = [] {
        void *pointer = nullptr;
        cudaDriverEntryPointQueryResult query;
        if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &pointer, 12000, cudaEnableDefault, &query) !=
                cudaSuccess ||
            query != cudaDriverEntryPointSuccess) {
            return static_cast<PFN_cuTensorMapEncodeTiled_v12000>(nullptr);
        }
        return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(pointer);
    }();
    return function;
}

}  // namespace

ht_status encode_tile_map(CUtensorMap *map, const void *base, CUtensorMapDataType type, int element_bytes, int rows,
                          int cols, int box_rows, const char *what) {
    const auto encode = encode_tiled_function();
    if (encode == nullptr) return fail(HT_ERR_CUDA, "cuTensorMapEncodeTiled is not available from the driver");
    const cuuint64_t dims[2] = {static_cast<cuuint64_t>(cols), static_cast<cuuint64_t>(rows)};
    const cuuint64_t strides[1] = {static_cast<cuuint64_t>(cols) * element_bytes};
    const cuuint32_t box[2] = {static_cast<cuuint32_t>(128 / element_bytes), static_cast<cuuint32_t>(box_rows)};
    const cuuint32_t element_strides[2] = {1, 1};
    const CUresult result = encode(map, type, 2, const_cast<void *>(base), dims, strides, box, element_strides,
                                   CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                                   CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
    if (result != CUDA_SUCCESS)
        return fail(HT_ERR_CUDA, std::string("cuTensorMapEncodeTiled for ") + what + " failed with CUresult " +
                                     std::to_string(static_cast<int>(result)));
    return HT_OK;
}

}  // namespace ht
