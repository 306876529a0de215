package dev.halftone.cuda;

import dev.halftone.engine.linear.LinearBackend;
import dev.halftone.engine.load.LinearPlacement;
import dev.halftone.engine.load.StoredLinear;
import dev.halftone.engine.load.StoredWeight;
import dev.halftone.formats.nf4.Nf4Quantizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine's {@link LinearPlacement} onto the CUDA kernels: each layer whose format and shape a kernel takes
 * ({@link KernelFit}) becomes a {@link CudaLinear} on the device, served through {@link CudaLinearBackend}; the
 * others stay on the CPU. Owns every layer it created: {@link #close()} frees their device memory, so the caller
 * closes it when the model it loaded is unloaded. One placement per loaded model (both branches).
 */
public final class CudaLinearPlacement implements LinearPlacement, AutoCloseable {
    private final CudaDevice device;
    private final List<CudaLinear> layers = new ArrayList<>();
    private final Map<CudaKernel, Integer> perKernel = new EnumMap<>(CudaKernel.class);
    /** Why layers stay on the CPU, each reason with the (distinct) names of its layers, in load order. */
    private final Map<String, Set<String>> cpuLayers = new LinkedHashMap<>();
    private int onGpu;
    private int onCpu;
    private boolean closed;

    public CudaLinearPlacement(CudaDevice device) {
        if (device == null) {
            throw new IllegalArgumentException("a CUDA placement needs the device that answered");
        }
        this.device = device;
    }

    @Override
    public synchronized Optional<LinearBackend> place(StoredLinear linear, int maxRows) {
        if (closed) {
            throw new IllegalStateException("this CUDA placement was closed with the model it loaded");
        }
        return switch (KernelFit.of(linear, maxRows, device.isHopper(), CublasLt::available)) {
            case KernelFit.Misfit misfit -> {
                cpuLayers.computeIfAbsent(misfit.reason(), reason -> new LinkedHashSet<>()).add(linear.name());
                onCpu++;
                yield Optional.empty();
            }
            case KernelFit.Fits fits -> {
                CudaLinear layer = upload(fits.kernel(), linear, maxRows);
                layers.add(layer);
                onGpu++;
                perKernel.merge(fits.kernel(), 1, Integer::sum);
                yield Optional.of(new CudaLinearBackend(linear.name(), layer, linear.storedBytes()));
            }
        };
    }

    /** The layer on the device; {@link KernelFit} chose {@code kernel} for the stored weight's kind. */
    private static CudaLinear upload(CudaKernel kernel, StoredLinear linear, int maxRows) {
        int n = linear.out();
        int k = linear.in();
        float[] bias = linear.bias();
        return switch (linear.weight()) {
            case StoredWeight.Int8 int8 -> CudaLinear.w8a8(n, k, int8.codes(), int8.weightScale(),
                    inverse(int8.smoothScale()), bias, maxRows, GemmPath.AUTO);
            case StoredWeight.GgufBlocks blocks -> switch (kernel) {
                case Q8_0_BF16 -> CudaLinear.q8_0(n, k, blocks.blocks(), bias, maxRows, false);
                case Q4_K_BF16_PACKED -> CudaLinear.q4_KPacked(n, k, blocks.blocks(), bias, maxRows);
                case Q4_K_BF16 -> CudaLinear.q4_K(n, k, blocks.blocks(), bias, maxRows, false);
                default -> throw new IllegalArgumentException(kernel + " does not read GGUF blocks as stored");
            };
            case StoredWeight.Fp8 fp8 -> CudaLinear.fp8(n, k, fp8.codes(), filled(n, fp8.scale()), bias, maxRows);
            case StoredWeight.Nf4 nf4 -> CudaLinear.nf4(n, k, nf4.weight().packed(), Nf4Quantizer.absmax(nf4.weight()),
                    bias, maxRows);
            case StoredWeight.Dense dense -> throw new IllegalArgumentException(linear.name()
                    + ": no CUDA kernel takes dense weights");
        };
    }

    /** SmoothQuant's s as the kernel's multiplier 1/s (the CPU divides by s: the two differ by one rounding). */
    private static float[] inverse(float[] smoothScale) {
        if (smoothScale == null) {
            return null;
        }
        float[] inverse = new float[smoothScale.length];
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] = 1f / smoothScale[i];
        }
        return inverse;
    }

    /** The FP8 checkpoint's per-tensor scale as the kernel's per-channel one. */
    private static float[] filled(int n, float scale) {
        float[] channelScale = new float[n];
        Arrays.fill(channelScale, scale);
        return channelScale;
    }

    /** Linears placed on the GPU so far. */
    public synchronized int onGpu() {
        return onGpu;
    }

    /** Linears left on the CPU so far. */
    public synchronized int onCpu() {
        return onCpu;
    }

    /**
     * One sentence for the log, e.g. {@code CUDA backend on NVIDIA H200 (sm_90, ...): 36 of 38 linears on the GPU
     * (Q4_K_BF16_PACKED 36); 2 stay on the CPU (k = 48 not a multiple of 256: input_proj); weight-only layers
     * dequantize for cuBLASLt above 64 rows}. With weight-only layers placed it says whether cuBLASLt serves them.
     */
    public synchronized String summary() {
        int total = onGpu + onCpu;
        String kernels = perKernel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder sentence = new StringBuilder("CUDA backend on " + device + ": " + onGpu + " of " + total
                + " linears on the GPU");
        if (!perKernel.isEmpty()) {
            sentence.append(" (").append(kernels).append(')');
        }
        if (onCpu > 0) {
            sentence.append("; ").append(onCpu).append(onCpu == 1 ? " stays" : " stay").append(" on the CPU (")
                    .append(cpuLayers.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                            .collect(Collectors.joining("; ")))
                    .append(')');
        }
        if (perKernel.keySet().stream().anyMatch(kernel -> kernel.dequantFormat() != null)) {
            sentence.append(CublasLt.unavailableReason()
                    .map(reason -> "; cuBLASLt unavailable, so weight-only layers run their fused kernels at every row"
                            + " count (" + reason + ")")
                    .orElse("; weight-only layers dequantize for cuBLASLt above " + CudaLinear.DEQUANT_ABOVE_ROWS
                            + " rows"));
        }
        return sentence.toString();
    }

    /** Frees every layer's device memory; the backends it returned must not run afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        for (CudaLinear layer : layers) {
            layer.close();
        }
        layers.clear();
    }
}
