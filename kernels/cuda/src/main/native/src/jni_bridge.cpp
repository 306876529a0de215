// JNI bridge for dev.halftone.cuda.HalftoneCuda: one native method per C entry point, pointers as jlong,
// and every non-OK ht_status thrown as dev.halftone.cuda.CudaException(status, ht_last_error()).
#include <jni.h>

#include <cstdint>

#include "halftone/halftone_cuda.h"

namespace {

// Throws CudaException for a failed status; returns true when the caller must return at once.
bool throw_if_failed(JNIEnv *env, ht_status status) {
    if (status == HT_OK) return false;
    jclass type = env->FindClass("dev/halftone/cuda/CudaException");
    if (type == nullptr) return true;  // NoClassDefFoundError is pending
    jmethodID constructor = env->GetMethodID(type, "<init>", "(ILjava/lang/String;)V");
    if (constructor == nullptr) return true;
    jstring message = env->NewStringUTF(ht_last_error());
    if (message == nullptr) return true;
    auto exception = static_cast<jthrowable>(env->NewObject(type, constructor, static_cast<jint>(status), message));
    if (exception != nullptr) env->Throw(exception);
    return true;
}

template <typename T>
T *ptr(jlong address) {
    return reinterpret_cast<T *>(static_cast<intptr_t>(address));
}

void *stream_of(jlong stream) { return ptr<void>(stream); }

ht_epilogue epilogue_of(jlong row_scale, jlong col_scale, jlong bias, jlong residual, jlong gate) {
    return ht_epilogue{ptr<const float>(row_scale), ptr<const float>(col_scale), ptr<const uint16_t>(bias),
                       ptr<const uint16_t>(residual), ptr<const uint16_t>(gate)};
}

}  // namespace

// JNI escapes "_" in a Java method name as "_1": gemmQ4_KBf16 is exported as gemmQ4_1KBf16.
#define HT_JNI(type, name) JNIEXPORT type JNICALL Java_dev_halftone_cuda_HalftoneCuda_##name

extern "C" {

HT_JNI(jstring, version)(JNIEnv *env, jclass) { return env->NewStringUTF(ht_version()); }

HT_JNI(jintArray, blockLayout)(JNIEnv *env, jclass, jint layout) {
    int32_t weights = 0, bytes = 0;
    if (throw_if_failed(env, ht_block_layout(static_cast<ht_layout>(layout), &weights, &bytes))) return nullptr;
    jintArray result = env->NewIntArray(2);
    if (result == nullptr) return nullptr;
    const jint values[2] = {weights, bytes};
    env->SetIntArrayRegion(result, 0, 2, values);
    return result;
}

HT_JNI(jint, deviceCount)(JNIEnv *env, jclass) {
    int32_t count = 0;
    if (throw_if_failed(env, ht_device_count(&count))) return 0;
    return count;
}

HT_JNI(jobject, deviceProperties)(JNIEnv *env, jclass, jint device) {
    char name[256];
    int32_t major = 0, minor = 0, multiprocessors = 0;
    int64_t memory = 0;
    if (throw_if_failed(env, ht_device_properties(device, name, sizeof name, &major, &minor, &multiprocessors, &memory)))
        return nullptr;
    jclass type = env->FindClass("dev/halftone/cuda/CudaDevice");
    if (type == nullptr) return nullptr;
    jmethodID constructor = env->GetMethodID(type, "<init>", "(ILjava/lang/String;IIIJ)V");
    if (constructor == nullptr) return nullptr;
    jstring device_name = env->NewStringUTF(name);
    if (device_name == nullptr) return nullptr;
    return env->NewObject(type, constructor, device, device_name, major, minor, multiprocessors, static_cast<jlong>(memory));
}

HT_JNI(void, setDevice)(JNIEnv *env, jclass, jint device) { throw_if_failed(env, ht_set_device(device)); }

HT_JNI(jlong, malloc)(JNIEnv *env, jclass, jlong bytes) {
    void *pointer = nullptr;
    if (throw_if_failed(env, ht_malloc(bytes, &pointer))) return 0;
    return static_cast<jlong>(reinterpret_cast<intptr_t>(pointer));
}

HT_JNI(void, free)(JNIEnv *env, jclass, jlong pointer) { throw_if_failed(env, ht_free(ptr<void>(pointer))); }

HT_JNI(void, memcpyToDevice)(JNIEnv *env, jclass, jlong dst, jlong host_src, jlong bytes, jlong stream) {
    throw_if_failed(env, ht_memcpy_to_device(ptr<void>(dst), ptr<const void>(host_src), bytes, stream_of(stream)));
}

HT_JNI(void, memcpyToHost)(JNIEnv *env, jclass, jlong host_dst, jlong src, jlong bytes, jlong stream) {
    throw_if_failed(env, ht_memcpy_to_host(ptr<void>(host_dst), ptr<const void>(src), bytes, stream_of(stream)));
}

HT_JNI(void, memset)(JNIEnv *env, jclass, jlong dst, jint value, jlong bytes, jlong stream) {
    throw_if_failed(env, ht_memset(ptr<void>(dst), value, bytes, stream_of(stream)));
}

HT_JNI(jlong, streamCreate)(JNIEnv *env, jclass) {
    void *stream = nullptr;
    if (throw_if_failed(env, ht_stream_create(&stream))) return 0;
    return static_cast<jlong>(reinterpret_cast<intptr_t>(stream));
}

HT_JNI(void, streamDestroy)(JNIEnv *env, jclass, jlong stream) { throw_if_failed(env, ht_stream_destroy(stream_of(stream))); }

HT_JNI(void, streamSynchronize)(JNIEnv *env, jclass, jlong stream) {
    throw_if_failed(env, ht_stream_synchronize(stream_of(stream)));
}

HT_JNI(void, quantizeActivations)(JNIEnv *env, jclass, jlong x, jlong smooth_inverse, jint M, jint K, jlong xq,
                                 jlong x_scale, jlong block_sums, jlong stream) {
    throw_if_failed(env, ht_quantize_activations(ptr<const uint16_t>(x), ptr<const float>(smooth_inverse), M, K,
                                                 ptr<int8_t>(xq), ptr<float>(x_scale), ptr<int32_t>(block_sums),
                                                 stream_of(stream)));
}

HT_JNI(void, gemmW8a8)(JNIEnv *env, jclass, jlong xq, jlong w, jlong row_scale, jlong col_scale, jlong bias,
                      jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jint path, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_w8a8(ptr<const int8_t>(xq), ptr<const int8_t>(w), &e, M, N, K, ptr<uint16_t>(out), path,
                                      stream_of(stream)));
}

HT_JNI(void, gemmW8a8S32)(JNIEnv *env, jclass, jlong xq, jlong w, jint M, jint N, jint K, jlong out, jint path,
                         jlong stream) {
    throw_if_failed(env, ht_gemm_w8a8_s32(ptr<const int8_t>(xq), ptr<const int8_t>(w), M, N, K, ptr<int32_t>(out), path,
                                          stream_of(stream)));
}

HT_JNI(void, repackQ8_10)(JNIEnv *env, jclass, jlong blocks, jint N, jint K, jlong qs, jlong d, jlong stream) {
    throw_if_failed(env, ht_repack_q8_0(ptr<const void>(blocks), N, K, ptr<int8_t>(qs), ptr<uint16_t>(d), stream_of(stream)));
}

HT_JNI(void, gemmQ8_10Bf16)(JNIEnv *env, jclass, jlong x, jlong qs, jlong d, jlong row_scale, jlong col_scale, jlong bias,
                          jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_q8_0_bf16(ptr<const uint16_t>(x), ptr<const int8_t>(qs), ptr<const uint16_t>(d), &e, M, N,
                                           K, ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, gemmQ4_1KBf16)(JNIEnv *env, jclass, jlong x, jlong blocks, jlong row_scale, jlong col_scale, jlong bias,
                          jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_q4_K_bf16(ptr<const uint16_t>(x), ptr<const void>(blocks), &e, M, N, K,
                                           ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, repackQ4_1K)(JNIEnv *env, jclass, jlong blocks, jint N, jint K, jlong packed, jlong stream) {
    throw_if_failed(env, ht_repack_q4_K(ptr<const void>(blocks), N, K, ptr<void>(packed), stream_of(stream)));
}

HT_JNI(void, gemmQ4_1KBf16Packed)(JNIEnv *env, jclass, jlong x, jlong packed, jlong row_scale, jlong col_scale,
                                jlong bias, jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_q4_K_bf16_packed(ptr<const uint16_t>(x), ptr<const void>(packed), &e, M, N, K,
                                                  ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, gemmDequantBf16)(JNIEnv *env, jclass, jint format, jlong x, jlong w, jlong w_aux, jlong bias, jint M, jint N,
                             jint K, jlong out, jlong scratch, jlong scratch_bytes, jlong stream) {
    const ht_epilogue e = epilogue_of(0, 0, bias, 0, 0);
    throw_if_failed(env, ht_gemm_dequant_bf16(format, ptr<const uint16_t>(x), ptr<const void>(w), ptr<const void>(w_aux), &e,
                                              M, N, K, ptr<uint16_t>(out), ptr<void>(scratch), scratch_bytes,
                                              stream_of(stream)));
}

HT_JNI(void, dequantizeWeights)(JNIEnv *env, jclass, jint format, jlong w, jlong w_aux, jint N, jint K, jint n0, jint n1,
                               jlong out, jlong stream) {
    throw_if_failed(env, ht_dequantize_weights(format, ptr<const void>(w), ptr<const void>(w_aux), N, K, n0, n1,
                                               ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, cublasLtStatus)(JNIEnv *env, jclass) { throw_if_failed(env, ht_cublaslt_status()); }

HT_JNI(void, gemmNf4Bf16)(JNIEnv *env, jclass, jlong x, jlong qs, jlong absmax, jlong row_scale, jlong col_scale,
                         jlong bias, jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_nf4_bf16(ptr<const uint16_t>(x), ptr<const uint8_t>(qs), ptr<const float>(absmax), &e, M,
                                          N, K, ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, gemmFp8Bf16)(JNIEnv *env, jclass, jlong x, jlong w, jlong w_scale, jlong row_scale, jlong col_scale,
                         jlong bias, jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_fp8_bf16(ptr<const uint16_t>(x), ptr<const uint8_t>(w), ptr<const float>(w_scale), &e, M,
                                          N, K, ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, gemmQ8_10Q8)(JNIEnv *env, jclass, jlong xq, jlong qs, jlong d, jlong row_scale, jlong col_scale, jlong bias,
                        jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_q8_0_q8(ptr<const int8_t>(xq), ptr<const int8_t>(qs), ptr<const uint16_t>(d), &e, M, N,
                                         K, ptr<uint16_t>(out), stream_of(stream)));
}

HT_JNI(void, gemmQ4_1KQ8)(JNIEnv *env, jclass, jlong xq, jlong block_sums, jlong blocks, jlong row_scale, jlong col_scale,
                        jlong bias, jlong residual, jlong gate, jint M, jint N, jint K, jlong out, jlong stream) {
    const ht_epilogue e = epilogue_of(row_scale, col_scale, bias, residual, gate);
    throw_if_failed(env, ht_gemm_q4_K_q8(ptr<const int8_t>(xq), ptr<const int32_t>(block_sums), ptr<const void>(blocks), &e,
                                         M, N, K, ptr<uint16_t>(out), stream_of(stream)));
}

}  // extern "C"
