// cuBLASLt's bf16 GEMM for the dequantizing weight-only GEMMs (dequant_linear.cu), loaded at run time with dlopen: the library keeps needing only
// the NVIDIA driver (the generator pods' images carry cuBLAS; where it is missing only this path is unavailable),
// and the machines that build it have no cuBLAS headers. The declarations below are the subset of cublasLt.h
// (CUDA 12 and 13; these enum values and signatures have not changed since CUDA 11.4) that this file calls.
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include <library_types.h>

#include "common.cuh"
#include "dequant_linear.cuh"

namespace ht {
namespace {

using LtStatus = int;  // cublasStatus_t; 0 = CUBLAS_STATUS_SUCCESS
using LtHandle = void *;
using LtDesc = void *;
using LtLayout = void *;
using LtPreference = void *;
struct LtAlgo {
    uint64_t data[8];
};
struct LtHeuristic {
    LtAlgo algo;
    size_t workspace_size;
    LtStatus state;
    float waves_count;
    int reserved[4];
};
constexpr int kComputeF32 = 68;                // CUBLAS_COMPUTE_32F
constexpr int kOpN = 0, kOpT = 1;              // CUBLAS_OP_N, CUBLAS_OP_T
constexpr int kDescTransA = 3, kDescTransB = 4, kDescEpilogue = 7, kDescBiasPointer = 8, kDescBiasDataType = 26;
constexpr uint32_t kEpilogueDefault = 1, kEpilogueBias = 4;
constexpr int kPrefMaxWorkspaceBytes = 1;
constexpr int kPrefMinAlignmentW = 5, kPrefMinAlignmentX = 6, kPrefMinAlignmentC = 7, kPrefMinAlignmentD = 8;

struct CublasLt {
    LtStatus (*create)(LtHandle *);
    LtStatus (*desc_create)(LtDesc *, int, cudaDataType_t);
    LtStatus (*desc_set)(LtDesc, int, const void *, size_t);
    LtStatus (*layout_create)(LtLayout *, cudaDataType_t, uint64_t, uint64_t, int64_t);
    LtStatus (*preference_create)(LtPreference *);
    LtStatus (*preference_set)(LtPreference, int, const void *, size_t);
    LtStatus (*preference_destroy)(LtPreference);
    LtStatus (*heuristic)(LtHandle, LtDesc, LtLayout, LtLayout, LtLayout, LtLayout, LtPreference, int, LtHeuristic *,
                          int *);
    LtStatus (*matmul)(LtHandle, LtDesc, const void *, const void *, LtLayout, const void *, LtLayout, const void *,
                       const void *, LtLayout, void *, LtLayout, const LtAlgo *, void *, size_t, cudaStream_t);
    std::string error;  // empty when every symbol resolved
};

template <class F>
bool resolve(void *library, const char *name, F &function, std::string &error) {
    function = reinterpret_cast<F>(dlsym(library, name));
    if (function == nullptr && error.empty()) error = std::string("libcublasLt has no symbol ") + name;
    return function != nullptr;
}

// HT_CUBLASLT_LIBRARY names the file; otherwise the CUDA 13 then 12 sonames on the loader's search path.
CublasLt load() {
    CublasLt lt{};
    const char *configured = std::getenv("HT_CUBLASLT_LIBRARY");
    void *library = nullptr;
    std::string tried;
    for (const char *name : {configured, "libcublasLt.so.13", "libcublasLt.so.12"}) {
        if (name == nullptr) continue;
        library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (library != nullptr) break;
        tried += std::string(tried.empty() ? "" : "; ") + dlerror();
        if (name == configured) break;  // a configured path that fails is an error, not a reason to look elsewhere
    }
    if (library == nullptr) {
        lt.error = "cuBLASLt could not be loaded (" + tried +
                   "); put libcublasLt on the library path or name it in HT_CUBLASLT_LIBRARY";
        return lt;
    }
    resolve(library, "cublasLtCreate", lt.create, lt.error);
    resolve(library, "cublasLtMatmulDescCreate", lt.desc_create, lt.error);
    resolve(library, "cublasLtMatmulDescSetAttribute", lt.desc_set, lt.error);
    resolve(library, "cublasLtMatrixLayoutCreate", lt.layout_create, lt.error);
    resolve(library, "cublasLtMatmulPreferenceCreate", lt.preference_create, lt.error);
    resolve(library, "cublasLtMatmulPreferenceSetAttribute", lt.preference_set, lt.error);
    resolve(library, "cublasLtMatmulPreferenceDestroy", lt.preference_destroy, lt.error);
    resolve(library, "cublasLtMatmulAlgoGetHeuristic", lt.heuristic, lt.error);
    resolve(library, "cublasLtMatmul", lt.matmul, lt.error);
    return lt;
}

// One GEMM shape's descriptors and the algorithm cuBLASLt's heuristic chose for it, made on first use.
struct Plan {
    LtDesc desc = nullptr;
    LtLayout w = nullptr, x = nullptr, d = nullptr;
    LtAlgo algo{};
};
// The heuristic excludes algorithms that need more alignment than the pointers have (cuBLASLt assumes 256 bytes
// unless told), so the pointers' alignments are part of a plan's key.
struct Alignments {
    uint32_t x, w, d, bias;  // bytes, at most 256; bias 0 when there is none
    auto tie() const { return std::tie(x, w, d, bias); }
    bool operator<(const Alignments &o) const { return tie() < o.tie(); }
};
uint32_t alignment_of(const void *p) {
    const auto address = reinterpret_cast<uintptr_t>(p);
    return address == 0 ? 0 : static_cast<uint32_t>(std::min<uintptr_t>(256, address & (~address + 1)));
}
using PlanKey = std::tuple<int, int, int, int, int, Alignments, size_t>;  // device, M, N, K, ldd, ..., workspace

struct State {
    std::mutex mutex;
    CublasLt lt = load();
    std::map<int, LtHandle> handles;  // per device
    std::map<PlanKey, Plan> plans;
};

State &state() {
    static State s;
    return s;
}

ht_status lt_fail(const char *what, LtStatus status) {
    return fail(HT_ERR_CUDA, std::string("bf16_linear_cublaslt: ") + what + " failed with cublasStatus " +
                                 std::to_string(status));
}

#define HT_TRY_LT(call, what)                               \
    do {                                                    \
        LtStatus ht_lt_ = (call);                           \
        if (ht_lt_ != 0) return lt_fail(what, ht_lt_);      \
    } while (0)

// The row-major product out [M][ldd] = x [M][K] . w [N][K]^T seen column-major, as cuBLAS sees memory: D (N x M,
// leading dimension ldd) = op(W) (N x K: W stored K x N, transposed) . X (K x M); the bias runs along D's rows.
ht_status make_plan(CublasLt &lt, LtHandle handle, int M, int N, int K, int ldd, const uint16_t *bias,
                    const Alignments &alignments, size_t workspace_bytes, Plan &plan) {
    HT_TRY_LT(lt.desc_create(&plan.desc, kComputeF32, CUDA_R_32F), "cublasLtMatmulDescCreate");
    const int32_t trans_w = kOpT, trans_x = kOpN;
    HT_TRY_LT(lt.desc_set(plan.desc, kDescTransA, &trans_w, sizeof trans_w), "setting TRANSA");
    HT_TRY_LT(lt.desc_set(plan.desc, kDescTransB, &trans_x, sizeof trans_x), "setting TRANSB");
    const uint32_t epilogue = bias != nullptr ? kEpilogueBias : kEpilogueDefault;
    HT_TRY_LT(lt.desc_set(plan.desc, kDescEpilogue, &epilogue, sizeof epilogue), "setting EPILOGUE");
    if (bias != nullptr) {
        const int32_t bias_type = CUDA_R_16BF;
        HT_TRY_LT(lt.desc_set(plan.desc, kDescBiasDataType, &bias_type, sizeof bias_type), "setting BIAS_DATA_TYPE");
        HT_TRY_LT(lt.desc_set(plan.desc, kDescBiasPointer, &bias, sizeof bias), "setting BIAS_POINTER");
    }
    HT_TRY_LT(lt.layout_create(&plan.w, CUDA_R_16BF, K, N, K), "cublasLtMatrixLayoutCreate (weights)");
    HT_TRY_LT(lt.layout_create(&plan.x, CUDA_R_16BF, K, M, K), "cublasLtMatrixLayoutCreate (activations)");
    HT_TRY_LT(lt.layout_create(&plan.d, CUDA_R_16BF, N, M, ldd), "cublasLtMatrixLayoutCreate (output)");
    LtPreference preference = nullptr;
    HT_TRY_LT(lt.preference_create(&preference), "cublasLtMatmulPreferenceCreate");
    const uint64_t max_workspace = workspace_bytes;
    LtStatus status = lt.preference_set(preference, kPrefMaxWorkspaceBytes, &max_workspace, sizeof max_workspace);
    for (const auto &[attribute, bytes] : {std::pair{kPrefMinAlignmentW, alignments.w}, std::pair{kPrefMinAlignmentX, alignments.x},
                                           std::pair{kPrefMinAlignmentC, alignments.d}, std::pair{kPrefMinAlignmentD, alignments.d}})
        if (status == 0) status = lt.preference_set(preference, attribute, &bytes, sizeof bytes);
    LtHeuristic result{};
    int found = 0;
    if (status == 0)
        status = lt.heuristic(handle, plan.desc, plan.w, plan.x, plan.d, plan.d, preference, 1, &result, &found);
    lt.preference_destroy(preference);
    HT_TRY_LT(status, "cublasLtMatmulAlgoGetHeuristic");
    if (found == 0)
        return fail(HT_ERR_UNSUPPORTED, "bf16_linear_cublaslt: cuBLASLt has no algorithm for M=" + std::to_string(M) +
                                             " N=" + std::to_string(N) + " K=" + std::to_string(K));
    plan.algo = result.algo;
    return HT_OK;
}

}  // namespace

ht_status cublaslt_status() {
    const State &s = state();
    return s.lt.error.empty() ? HT_OK : fail(HT_ERR_UNSUPPORTED, s.lt.error);
}

ht_status bf16_linear_cublaslt(const uint16_t *x, const uint16_t *w, const uint16_t *bias, int M, int N, int K,
                               int ldd, uint16_t *out, void *workspace, size_t workspace_bytes, cudaStream_t stream) {
    if (cublaslt_status() != HT_OK) return HT_ERR_UNSUPPORTED;
    State &s = state();
    int device = 0;
    HT_TRY_CUDA(cudaGetDevice(&device));
    std::lock_guard<std::mutex> lock(s.mutex);
    auto handle = s.handles.find(device);
    if (handle == s.handles.end()) {
        LtHandle created = nullptr;
        HT_TRY_LT(s.lt.create(&created), "cublasLtCreate");
        handle = s.handles.emplace(device, created).first;
    }
    const Alignments alignments{alignment_of(x), alignment_of(w), alignment_of(out), alignment_of(bias)};
    const PlanKey key{device, M, N, K, ldd, alignments, workspace_bytes};
    auto plan = s.plans.find(key);
    if (plan == s.plans.end()) {
        Plan made;
        const ht_status status = make_plan(s.lt, handle->second, M, N, K, ldd, bias, alignments, workspace_bytes, made);
        if (status != HT_OK) return status;
        plan = s.plans.emplace(key, made).first;
    }
    // The plan's bias pointer is the first caller's; each call sets its own (cuBLASLt reads it when enqueuing).
    if (bias != nullptr) HT_TRY_LT(s.lt.desc_set(plan->second.desc, kDescBiasPointer, &bias, sizeof bias), "setting BIAS_POINTER");
    const float one = 1.0f, zero = 0.0f;
    HT_TRY_LT(s.lt.matmul(handle->second, plan->second.desc, &one, w, plan->second.w, x, plan->second.x, &zero, out,
                          plan->second.d, out, plan->second.d, &plan->second.algo, workspace, workspace_bytes, stream),
              "cublasLtMatmul");
    HT_CHECK_LAUNCH("cublasLtMatmul");
    return HT_OK;
}

}  // namespace ht
