"""Correctness of libhalftone_cuda on a GPU, fresh random inputs every run (the seed is printed):
- activation quantization: xq, x_scale and 32-wide sums bit-exact against the same float32 operations in torch;
- W8A8 int32 accumulators bit-exact against torch._int_mm (cuBLASLt) and a CPU int64 product, on every path;
- W8A8 bf16 epilogue (scales, bias, gate/residual) bit-exact against torch float32 operations;
- the Q4_K repack for the register-A kernel byte for byte against its described layout;
- the dequantization of every weight-only format bit-exact: Q8_0, Q4_K, NF4, FP8 against ggml's / bitsandbytes'
  formula in float32 rounded to bf16, packed Q4_K against its stated contract emulated in float64 (and within one bf16
  step of ggml's formula);
- Q8_0 / Q4_K (raw and repacked, and dequantized for cuBLASLt) / NF4 / FP8 GEMMs within BF16_OPERAND_TOLERANCE of float64 products with the weights rounded to
  bf16 as the kernels round them; the int8-activation (MMQ) variants within MMQ_TOLERANCE of the float64 product of
  the dequantized int8 activations and the float32-dequantized weights; the packed Q4_K x int8 (Q8_K) kernel's
  quantized activations bit-exact and its output within MMQ_TOLERANCE of the same product (mins times exact sums).
Every output is poisoned first (NaN for bf16, a value no kernel can produce for int8/int32) so an unwritten element
fails. Prints one line per check and 'N passed, N failed'; exits 1 on any failure."""
import os
import sys
import time

import torch

import quant_blocks as qb
from gpu_bench import with_env
from halftone_cuda_ctypes import (CUBLASLT_WORKSPACE_BYTES, WEIGHT_FORMAT_NAMES, WEIGHTS_FP8, WEIGHTS_NF4, WEIGHTS_Q4_K,
                                  WEIGHTS_Q4_K_PACKED, WEIGHTS_Q8_0)
from halftone_cuda_ctypes import HalftoneCuda, PATH_AUTO, PATH_MMA_SYNC, PATH_WGMMA, PATH_MMA_SYNC_WIDE, PATH_NAMES

# Relative Frobenius error bounds. bf16 output rounding alone is about 2^-9 / sqrt(3) = 1.1e-3 relative.
BF16_OPERAND_TOLERANCE = 3e-3
MMQ_TOLERANCE = 3e-3
# The largest M ht_gemm_q4_K_bf16 runs on its small-M kernel (kQ4KSmallM in gemm_paths.cuh), and the M above which
# it runs the wgmma kernel on Hopper unless HT_Q4K_WGMMA=0 (kQ4KWgmmaAboveM).
Q4K_SMALL_M = 32
Q4K_WGMMA_ABOVE_M = 64
# The M range ht_gemm_q4_K_bf16_packed runs on Hopper on its split-K kernel unless HT_Q4K_PACKED_SPLIT_K_MAX=0
# (kQ4KPackedSplitKAboveM < M <= kQ4KPackedSplitKMaxM), and the largest M it runs elsewhere on its small-M (mma.sync)
# kernel unless HT_Q4K_PACKED_SMALL_M_MAX=0 (kQ4KPackedSmallM).
Q4K_PACKED_SPLIT_K_ABOVE_M = 16
Q4K_PACKED_SPLIT_K_M = 64
Q4K_PACKED_SMALL_M = 32
# The largest M it runs on its few-token kernel unless HT_Q4K_PACKED_FEW_TOKENS_MAX=0 (kQ4KPackedFewTokensM).
Q4K_PACKED_FEW_TOKENS_M = 4

results = []


def record(name, ok, detail):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)


def record_rejections(prefix, cases):
    """Each case (what, expected, call): call must raise an error whose message contains expected."""
    for what, expected, call in cases:
        name = f"{prefix}{what} is rejected"
        try:
            call()
            record(name, False, "no error raised")
        except RuntimeError as e:
            record(name, expected in str(e), str(e))


def rel_error(out, ref):
    out64, ref64 = out.double(), ref.double()
    if torch.isnan(out64).any():
        return float("inf"), int(torch.isnan(out64).sum())
    return float((out64 - ref64).norm() / ref64.norm()), 0


def check_quantize(h, gen, M, K, smooth):
    x = (torch.randn(M, K, device="cuda", generator=gen) *
         torch.exp(torch.randn(M, 1, device="cuda", generator=gen))).to(torch.bfloat16)
    x[M // 2] = 0  # an all-zero token
    inv = torch.empty(K, device="cuda").uniform_(0.5, 2.0, generator=gen) if smooth else None
    xq = torch.full((M, K), -128, dtype=torch.int8, device="cuda")  # -128 is never produced
    sx = torch.full((M,), float("nan"), device="cuda")
    sums = torch.full((M, K // 32), -2139062144, dtype=torch.int32, device="cuda")
    h.quantize_activations(x, inv, xq, sx, sums)
    torch.cuda.synchronize()
    v = x.float() * (inv if smooth else torch.ones(K, device="cuda"))
    amax = v.abs().amax(dim=1)
    # tensor / tensor: torch turns division by a Python scalar into a multiplication by its reciprocal
    scale = amax / torch.full_like(amax, 127.0)
    inverse = torch.full_like(amax, 127.0) / amax
    q = torch.round(v * inverse[:, None]).nan_to_num(0.0).clamp(-127, 127)
    q_ref = torch.where(amax[:, None] > 0, q, 0).to(torch.int8)
    sums_ref = q_ref.int().view(M, K // 32, 32).sum(dim=2)
    ok = torch.equal(xq, q_ref) and torch.equal(sx.view(torch.int32), scale.view(torch.int32)) and torch.equal(sums, sums_ref)
    mism = int((xq != q_ref).sum())
    record(f"quantize_activations M={M} K={K} smooth={smooth}", ok,
           f"xq mismatches {mism}, scale equal {torch.equal(sx.view(torch.int32), scale.view(torch.int32))}, sums equal {torch.equal(sums, sums_ref)}")


def check_w8a8(h, gen, M, N, K, path):
    xq = torch.randint(-127, 128, (M, K), device="cuda", generator=gen, dtype=torch.int8)
    w = torch.randint(-127, 128, (N, K), device="cuda", generator=gen, dtype=torch.int8)
    acc = torch.full((M, N), -2139062144, dtype=torch.int32, device="cuda")  # unreachable |sum| <= 127*127*K
    h.gemm_w8a8_s32(xq, w, acc, path)
    torch.cuda.synchronize()
    ref = torch._int_mm(xq, w.t()) if M > 16 else (xq.int() @ w.int().t())
    rows = torch.randperm(M, generator=torch.Generator().manual_seed(int(gen.initial_seed()) % (2 ** 31)))[:48]
    cpu = (xq[rows].cpu().long() @ w.cpu().long().t()).int()
    ok_int_mm = torch.equal(acc, ref)
    ok_cpu = torch.equal(acc[rows].cpu(), cpu)
    record(f"w8a8 s32 [{PATH_NAMES[path]}] M={M} N={N} K={K}", ok_int_mm and ok_cpu,
           f"vs torch._int_mm mismatches {int((acc != ref).sum())}, vs CPU int64 on 48 rows equal {ok_cpu}")

    # bf16 epilogue, bit-exact
    sx = torch.empty(M, device="cuda").uniform_(1e-3, 1e-2, generator=gen)
    sw = torch.empty(N, device="cuda").uniform_(1e-3, 1e-2, generator=gen)
    bias = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16)
    residual = torch.randn(M, N, device="cuda", generator=gen).to(torch.bfloat16)
    gate = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16)
    for with_residual in (False, True):
        out = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
        kw = dict(row_scale=sx, col_scale=sw, bias=bias)
        if with_residual:
            kw.update(residual=residual, gate=gate)
        h.gemm_w8a8(xq, w, out, path, **kw)
        torch.cuda.synchronize()
        y = ref.float() * sx[:, None]
        y = y * sw[None, :]
        y = y + bias.float()
        if with_residual:
            y = residual.float() + gate.float() * y
        y = y.to(torch.bfloat16)
        same = torch.equal(out.view(torch.int16), y.view(torch.int16))
        record(f"w8a8 bf16 epilogue{' +gate/residual' if with_residual else ''} [{PATH_NAMES[path]}] M={M} N={N} K={K}",
               same, f"bit mismatches {int((out.view(torch.int16) != y.view(torch.int16)).sum())}")


def bf16_gemm_check(name, out, x, w_float, tolerance, bias=None):
    ref = x.double() @ w_float.double().t()
    if bias is not None:
        ref = ref + bias.double()
    err, nans = rel_error(out, ref)
    record(name, err <= tolerance, f"rel error {err:.2e} (tolerance {tolerance:.0e}), NaN/unwritten {nans}")


def check_weight_gemms(h, gen, M, N, K):
    x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
    bias = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16) * 0.1
    def poisoned():
        return torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")

    # Q8_0: repack exact, then bf16 and int8-activation GEMMs
    blocks = qb.random_q8_0(N, K, gen, "cuda")
    qs = torch.full((N, K), -128, dtype=torch.int8, device="cuda")
    d = torch.full((N, K // 32), -1, dtype=torch.int16, device="cuda")
    h.repack_q8_0(blocks, N, K, qs, d)
    torch.cuda.synchronize()
    b = blocks.view(N, K // 32, 34)
    ok = torch.equal(qs.view(N, K // 32, 32), b[..., 2:].contiguous().view(torch.int8)) and \
        torch.equal(d, b[..., 0:2].contiguous().view(torch.int16).view(N, K // 32))
    record(f"repack_q8_0 N={N} K={K}", ok, "qs and d equal to the GGUF blocks" if ok else "differ")
    w_q8 = qb.dequant_q8_0(blocks, N, K)
    out = poisoned()
    h.gemm_q8_0_bf16(x, qs, d, out, bias=bias)
    torch.cuda.synchronize()
    bf16_gemm_check(f"q8_0 x bf16 +bias M={M} N={N} K={K}", out, x, w_q8.to(torch.bfloat16), BF16_OPERAND_TOLERANCE, bias)

    xq = torch.empty(M, K, dtype=torch.int8, device="cuda")
    sx = torch.empty(M, device="cuda")
    sums = torch.empty(M, K // 32, dtype=torch.int32, device="cuda")
    h.quantize_activations(x, None, xq, sx, sums)
    x_deq = xq.double() * sx.double()[:, None]
    out = poisoned()
    h.gemm_q8_0_q8(xq, qs, d, out, row_scale=sx)
    torch.cuda.synchronize()
    bf16_gemm_check(f"q8_0 x int8 (MMQ) M={M} N={N} K={K}", out, x_deq, w_q8, MMQ_TOLERANCE)

    # Q4_K
    blocks = qb.random_q4_K(N, K, gen, "cuda")
    w_q4 = qb.dequant_q4_K(blocks, N, K)
    out = poisoned()
    h.gemm_q4_K_bf16(x, blocks, N, out)
    torch.cuda.synchronize()
    # M <= Q4K_SMALL_M: the small-M kernel, which never rounds the weights to bf16 (see check_q4_K_epilogue)
    bf16_gemm_check(f"q4_K x bf16 M={M} N={N} K={K}", out, x, w_q4 if M <= Q4K_SMALL_M else w_q4.to(torch.bfloat16),
                    BF16_OPERAND_TOLERANCE)
    out = poisoned()
    h.gemm_q4_K_q8(xq, sums, blocks, N, out, row_scale=sx)
    torch.cuda.synchronize()
    bf16_gemm_check(f"q4_K x int8 (MMQ) M={M} N={N} K={K}", out, x_deq, w_q4, MMQ_TOLERANCE)

    # NF4 and FP8 baselines
    nqs, absmax = qb.random_nf4(N, K, gen, "cuda")
    out = poisoned()
    h.gemm_nf4_bf16(x, nqs, absmax, out)
    torch.cuda.synchronize()
    bf16_gemm_check(f"nf4 x bf16 M={M} N={N} K={K}", out, x, qb.dequant_nf4(nqs, absmax, N, K).to(torch.bfloat16), BF16_OPERAND_TOLERANCE)
    raw, scale = qb.random_fp8(N, K, gen, "cuda")
    out = poisoned()
    h.gemm_fp8_bf16(x, raw, scale, out)
    torch.cuda.synchronize()
    bf16_gemm_check(f"fp8 x bf16 M={M} N={N} K={K}", out, x, qb.dequant_fp8(raw, scale).to(torch.bfloat16), BF16_OPERAND_TOLERANCE)


def q4_K_path(M, hopper):
    """The kernel ht_gemm_q4_K_bf16 takes for M, as api.cu picks it."""
    if M <= Q4K_SMALL_M:
        return "small-M"
    if M > Q4K_WGMMA_ABOVE_M and hopper and os.environ.get("HT_Q4K_WGMMA") != "0":
        return "wgmma"
    return "generic"


def check_repack_q4_K(h, gen, N, K):
    """ht_repack_q4_K byte for byte against quant_blocks.pack_q4_K (the layout written from its description)."""
    blocks = qb.random_q4_K(N, K, gen, "cuda")
    packed = torch.full((blocks.numel(),), 0xA5, dtype=torch.uint8, device="cuda")
    h.repack_q4_K(blocks, N, K, packed)
    torch.cuda.synchronize()
    ref = qb.pack_q4_K(blocks, N, K)
    differ = int((packed != ref).sum())
    record(f"repack_q4_K N={N} K={K}", differ == 0, f"{differ} of {ref.numel()} bytes differ from the described layout")


def q4_K_packed_path(M, hopper):
    """The kernel ht_gemm_q4_K_bf16_packed takes for M, as api.cu picks it."""
    if M <= Q4K_PACKED_FEW_TOKENS_M and os.environ.get("HT_Q4K_PACKED_FEW_TOKENS_MAX") != "0":
        return "packed few-token"
    if hopper and Q4K_PACKED_SPLIT_K_ABOVE_M < M <= Q4K_PACKED_SPLIT_K_M and os.environ.get("HT_Q4K_PACKED_SPLIT_K_MAX") != "0":
        return "packed split-K"
    if M <= Q4K_PACKED_SMALL_M and os.environ.get("HT_Q4K_PACKED_SMALL_M_MAX") != "0":
        return "packed small-M"
    return "packed wgmma"


def epilogue_inputs(gen, M, N, parts):
    """Random epilogue operands for the parts named (row_scale, col_scale, bias, residual + gate)."""
    ep = {}
    if "row_scale" in parts:
        ep["row_scale"] = torch.empty(M, device="cuda").uniform_(0.5, 2.0, generator=gen)
    if "col_scale" in parts:
        ep["col_scale"] = torch.empty(N, device="cuda").uniform_(0.5, 2.0, generator=gen)
    if "bias" in parts:
        ep["bias"] = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16)
    if "residual" in parts:
        ep["residual"] = torch.randn(M, N, device="cuda", generator=gen).to(torch.bfloat16)
        ep["gate"] = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16)
    return ep


def with_epilogue(product, ep):
    """The float64 product [M][N] through the epilogue ep, as the kernels apply it."""
    ref = product
    if "row_scale" in ep:
        ref = ref * ep["row_scale"].double()[:, None]
    if "col_scale" in ep:
        ref = ref * ep["col_scale"].double()[None, :]
    if "bias" in ep:
        ref = ref + ep["bias"].double()
    if "residual" in ep:
        ref = ep["residual"].double() + ep["gate"].double() * ref
    return ref


def q8k_offsets():
    """q8k_activations.cuh's byte offset of each value k of a super-block (q8k_offset), written from its description:
    sub-block j = k / 32, r = k % 32 goes to 64 (j / 2) + 16 t + 8 (j % 2) + 4 (r / 16) + e, t = (r % 8) / 2,
    e = r % 2 + 2 (r % 16 / 8)."""
    k = torch.arange(256)
    j, r = k // 32, k % 32
    return 64 * (j // 2) + 16 * ((r % 8) // 2) + 8 * (j % 2) + 4 * (r // 16) + r % 2 + 2 * ((r % 16) // 8)


def check_q4_K_packed_q8(h, gen, M, N, K, parts):
    """ht_gemm_q4_K_packed_q8: the quantized activations it leaves in scratch bit for bit against the same float32
    operations in torch (int8 values un-permuted by q8k_offsets, scales; the bf16 hi + lo sums within 1e-5 of each
    sub-block's sum of |x|), padding rows zero; the output within MMQ_TOLERANCE of the float64 product of the
    dequantized int8 activations and ggml's dequantized weights (mins times the exact sums), and within 2e-2 of the
    bf16-activation product (what int8 activations cost here: about 0.5%)."""
    x = (torch.randn(M, K, device="cuda", generator=gen) *
         torch.exp(torch.randn(M, 1, device="cuda", generator=gen))).to(torch.bfloat16)
    if M >= 3:
        x[M // 2] = 0  # an all-zero token
    x[0, :256] = 0  # an all-zero super-block
    blocks = qb.random_q4_K(N, K, gen, "cuda")
    packed = torch.empty_like(blocks)
    h.repack_q4_K(blocks, N, K, packed)
    ep = epilogue_inputs(gen, M, N, parts)
    scratch = torch.full((h.gemm_q4_K_packed_q8_scratch_bytes(M, K),), 0xA5, dtype=torch.uint8, device="cuda")
    out = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    h.gemm_q4_K_packed_q8(x, packed, N, out, scratch, **ep)
    torch.cuda.synchronize()
    forced = "".join(f" {what} {os.environ[v]}" for v, what in (("HT_Q4K_Q8_SPLITS", "K split"), ("HT_Q4K_Q8_K_WARPS", "k-warps"))
                     if v in os.environ)
    name = f"q4_K packed x int8 (Q8_K) {'+'.join(parts) or 'plain'} M={M} N={N} K={K}{forced}"

    rows, S = -(-M // 8) * 8, K // 256
    xf = torch.zeros(rows, S, 256, device="cuda")
    xf[:M] = x.float().view(M, S, 256)
    amax = xf.abs().amax(dim=2)
    # tensor / tensor: torch turns a division by (or of) a Python scalar into a reciprocal multiply
    full127 = torch.full_like(amax, 127.0)
    inverse = torch.where(amax > 0, full127 / amax, torch.zeros_like(amax))
    q = torch.round(xf * inverse[..., None]).clamp(-127, 127)
    dx = amax / full127
    # units of 8 tokens and one super-block, [S][rows / 8]: values [4 pairs][8 tokens][64], sums, scales
    units = scratch.view(S, rows // 8, 2336)
    per_token = lambda part, n: part.contiguous().view(S, rows // 8, n, -1).permute(1, 2, 0, 3).reshape(rows, S, -1)
    values = units[..., :2048].contiguous().view(S, rows // 8, 4, 8, 64).permute(1, 3, 0, 2, 4).reshape(rows, S, 256)
    stored_q = values.view(torch.int8)[..., q8k_offsets().cuda()].float()
    sums = per_token(units[..., 2048:2304], 8).view(torch.bfloat16).view(rows, S, 4, 2, 2).double()
    stored_sum = (sums[:, :, :, 0, :] + sums[:, :, :, 1, :]).reshape(rows, S, 8)  # [t][hi j, lo j] -> j = 2t + i
    stored_dx = per_token(units[..., 2304:], 8).view(torch.float32).view(rows, S)
    sub = xf.double().view(rows, S, 8, 32)
    sum_err = float(((stored_sum - sub.sum(dim=3)).abs() - 1e-5 * sub.abs().sum(dim=3)).max())
    exact = bool(torch.equal(stored_q, q)) and bool(torch.equal(stored_dx, dx))
    record(f"{name}: quantized activations", exact and sum_err <= 0,
           f"int8 and scales bit-exact {exact}, sums within 1e-5 of sum |x| {sum_err <= 0}")

    d1, m1 = (t.double() for t in qb.q4_K_sub_block_affine(blocks, N, K))  # [N][S][8]
    wq = qb.q4_K_nibbles(blocks, N, K).double().view(N, S, 8, 32)
    x_dq = (q.double() * dx.double()[..., None])[:M].reshape(M, K)
    w_sc = (d1[..., None] * wq).reshape(N, K)
    mins = torch.einsum("nsj,msj->mn", m1, sub.sum(dim=3)[:M])
    err, nans = rel_error(out, with_epilogue(x_dq @ w_sc.t() - mins, ep))
    bf16_err, _ = rel_error(out, with_epilogue(x.double() @ qb.dequant_q4_K(blocks, N, K).double().t(), ep))
    record(name, err <= MMQ_TOLERANCE and bf16_err <= 2e-2,
           f"rel error {err:.2e} (tolerance {MMQ_TOLERANCE:.0e}), against bf16 x {bf16_err:.2e} (2e-02), NaN/unwritten {nans}")


def check_q4_K_packed_q8_errors(h, hopper):
    x = torch.zeros(65, 256, dtype=torch.bfloat16, device="cuda")
    packed = torch.zeros(64 * 144, dtype=torch.uint8, device="cuda")
    out = torch.zeros(65, 64, dtype=torch.bfloat16, device="cuda")
    scratch = torch.empty(h.gemm_q4_K_packed_q8_scratch_bytes(65, 256) + 16, dtype=torch.uint8, device="cuda")
    cases = (("65 tokens", "M must be at most 64", lambda: h.gemm_q4_K_packed_q8(x, packed, 64, out, scratch)),
             ("a scratch too small", "the quantized activations need",
              lambda: h.gemm_q4_K_packed_q8(x[:8], packed, 64, out, scratch[:100])),
             ("a misaligned scratch", "16-byte aligned", lambda: h.gemm_q4_K_packed_q8(x[:8], packed, 64, out, scratch[1:])),
             ("N not a multiple of 64", "multiple of 64", lambda: h.gemm_q4_K_packed_q8(x[:8], packed, 32, out, scratch)))

    def forced(variable, value, expected):  # a setting the kernel cannot take fails the call, rather than a fallback
        return (f"{variable}={value}", expected,
                lambda: with_env(variable, value, lambda: h.gemm_q4_K_packed_q8(x[:8], packed, 64, out, scratch)))
    if hopper:  # K = 256 is one super-block
        cases += tuple(forced("HT_Q4K_Q8_SPLITS", v, "is not a divisor of the 1 super-blocks") for v in ("2", "two", "0"))
    cases += tuple(forced("HT_Q4K_Q8_K_WARPS", v, "is not 1 or 2") for v in ("4", "0", "two"))
    record_rejections("q4_K packed x int8: ", cases)


def check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=False):
    """ht_gemm_q4_K_bf16 (or, packed, ht_repack_q4_K + ht_gemm_q4_K_bf16_packed) with the epilogue parts named in
    `parts` (row_scale, col_scale, bias, residual + gate). The mma.sync small-M kernels (raw: M <= Q4K_SMALL_M; packed:
    "packed small-M" and "packed few-token") never round the weights to bf16 (they fold d*sc and dmin*m in fp32), so
    their reference takes the float32-dequantized weights; the generic, wgmma and packed wgmma and split-K kernels
    round them to bf16."""
    x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
    blocks = qb.random_q4_K(N, K, gen, "cuda")
    w = qb.dequant_q4_K(blocks, N, K)
    rounds_weights = q4_K_packed_path(M, hopper) not in ("packed small-M", "packed few-token") if packed else M > Q4K_SMALL_M
    if rounds_weights:
        w = w.to(torch.bfloat16)
    ep = epilogue_inputs(gen, M, N, parts)
    out = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    if packed:
        repacked = torch.empty_like(blocks)
        h.repack_q4_K(blocks, N, K, repacked)
        h.gemm_q4_K_bf16_packed(x, repacked, N, out, **ep)
    else:
        h.gemm_q4_K_bf16(x, blocks, N, out, **ep)
    torch.cuda.synchronize()
    err, nans = rel_error(out, with_epilogue(x.double() @ w.double().t(), ep))
    record(f"q4_K x bf16 [{q4_K_packed_path(M, hopper) if packed else q4_K_path(M, hopper)}] {'+'.join(parts) or 'plain'} M={M} N={N} K={K}", err <= BF16_OPERAND_TOLERANCE,
           f"rel error {err:.2e} (tolerance {BF16_OPERAND_TOLERANCE:.0e}), NaN/unwritten {nans}")


def random_weights(h, fmt, N, K, gen):
    """(w, w_aux, reference, formula) of one weight-only format: formula is ggml's / bitsandbytes' float32 formula
    rounded to bf16; reference the bf16 weights its kernels make, the same but for packed Q4_K (its contract)."""
    if fmt == WEIGHTS_Q8_0:
        blocks = qb.random_q8_0(N, K, gen, "cuda")
        qs = torch.empty(N, K, dtype=torch.int8, device="cuda")
        d = torch.empty(N, K // 32, dtype=torch.int16, device="cuda")
        h.repack_q8_0(blocks, N, K, qs, d)
        formula = qb.dequant_q8_0(blocks, N, K).to(torch.bfloat16)
        return qs, d, formula, formula
    if fmt in (WEIGHTS_Q4_K, WEIGHTS_Q4_K_PACKED):
        blocks = qb.random_q4_K(N, K, gen, "cuda")
        formula = qb.dequant_q4_K(blocks, N, K).to(torch.bfloat16)
        if fmt == WEIGHTS_Q4_K:
            return blocks, None, formula, formula
        packed = torch.empty_like(blocks)
        h.repack_q4_K(blocks, N, K, packed)
        return packed, None, qb.dequant_q4_K_fma_bf16(blocks, N, K), formula
    if fmt == WEIGHTS_NF4:
        qs, absmax = qb.random_nf4(N, K, gen, "cuda")
        formula = qb.dequant_nf4(qs, absmax, N, K).to(torch.bfloat16)
        return qs, absmax, formula, formula
    raw, scale = qb.random_fp8(N, K, gen, "cuda")
    formula = qb.dequant_fp8(raw, scale).to(torch.bfloat16)
    return raw, scale, formula, formula


def check_dequantize_weights(h, gen, fmt, N, K, n0, n1):
    """ht_dequantize_weights for channels n0..n1, bit for bit against random_weights' reference. For packed Q4_K
    (whose reference is its contract, the fused multiply-add) also within one bf16 step of ggml's formula."""
    w, w_aux, ref, formula = random_weights(h, fmt, N, K, gen)
    out = torch.full((n1 - n0, K), float("nan"), dtype=torch.bfloat16, device="cuda")
    h.dequantize_weights(fmt, w, w_aux, N, K, n0, n1, out)
    torch.cuda.synchronize()
    differ = int((out.view(torch.int16) != ref[n0:n1].view(torch.int16)).sum())
    ok, detail = differ == 0, f"{differ} of {out.numel()} differ"
    if fmt == WEIGHTS_Q4_K_PACKED:
        steps = (out.view(torch.int16).int() - formula[n0:n1].view(torch.int16).int()).abs()
        ok = ok and int(steps.max()) <= 1
        detail += f"; {int((steps != 0).sum())} one bf16 step from ggml's formula, largest step {int(steps.max())}"
    record(f"dequantize_weights [{WEIGHT_FORMAT_NAMES[fmt]}] N={N} K={K} channels {n0}..{n1}", ok, detail)


def check_dequant_gemm(h, gen, fmt, M, N, K, slab_channels, bias):
    """ht_gemm_dequant_bf16 with a scratch for slab_channels channels (None: all N) against the float64 product with
    the format's bf16 weights."""
    x = torch.randn(M, K, device="cuda", generator=gen).to(torch.bfloat16)
    w, w_aux, ref, _ = random_weights(h, fmt, N, K, gen)
    slab = N if slab_channels is None else slab_channels
    scratch = torch.empty(CUBLASLT_WORKSPACE_BYTES + 2 * K * slab, dtype=torch.uint8, device="cuda")
    b = torch.randn(N, device="cuda", generator=gen).to(torch.bfloat16) if bias else None
    out = torch.full((M, N), float("nan"), dtype=torch.bfloat16, device="cuda")
    h.gemm_dequant_bf16(fmt, x, w, w_aux, N, out, scratch, bias=b)
    torch.cuda.synchronize()
    slabs = -(-N // slab)
    bf16_gemm_check(f"{WEIGHT_FORMAT_NAMES[fmt]} x bf16 [dequantized + cuBLASLt, {slabs} slab{'s' if slabs > 1 else ''}] "
                    f"{'bias' if bias else 'plain'} M={M} N={N} K={K}", out, x, ref, BF16_OPERAND_TOLERANCE, bias=b)


def check_dequant_errors(h):
    x = torch.zeros(64, 256, dtype=torch.bfloat16, device="cuda")
    packed = torch.zeros(64 * 144, dtype=torch.uint8, device="cuda")
    out = torch.zeros(64, 64, dtype=torch.bfloat16, device="cuda")
    scratch = torch.empty(CUBLASLT_WORKSPACE_BYTES + 2 * 256 * 64, dtype=torch.uint8, device="cuda")
    cases = (("a scratch without room for a slab", "scratch must hold",
              lambda: h.gemm_dequant_bf16(WEIGHTS_Q4_K_PACKED, x, packed, None, 64, out, scratch[:CUBLASLT_WORKSPACE_BYTES])),
             ("a residual", "fuses only a bias",
              lambda: h.gemm_dequant_bf16(WEIGHTS_Q4_K_PACKED, x, packed, None, 64, out, scratch, residual=out)),
             ("Q8_0 without its scales", "must not be null",
              lambda: h.gemm_dequant_bf16(WEIGHTS_Q8_0, x, packed, None, 64, out, scratch)),
             ("an unknown format", "unknown weight format",
              lambda: h.dequantize_weights(7, packed, None, 64, 256, 0, 64, out)),
             ("a packed range of part of a group", "whole 64-channel groups",
              lambda: h.dequantize_weights(WEIGHTS_Q4_K_PACKED, packed, None, 64, 256, 0, 32, out)))
    record_rejections("dequantizing GEMM: ", cases)


def check_errors(h):
    xq = torch.zeros(64, 100, dtype=torch.int8, device="cuda")
    w = torch.zeros(64, 100, dtype=torch.int8, device="cuda")
    out = torch.zeros(64, 64, dtype=torch.int32, device="cuda")
    blocks = torch.zeros(96, 144, dtype=torch.uint8, device="cuda")
    record_rejections("", (("K=100", "multiple of 128", lambda: h.gemm_w8a8_s32(xq, w, out, PATH_MMA_SYNC)),
                           ("repack_q4_K N=96", "multiple of 64",
                            lambda: h.repack_q4_K(blocks, 96, 256, torch.empty_like(blocks)))))


def main():
    seed = int(os.environ.get("HT_SEED", time.time_ns() % (2 ** 31)))
    print(f"seed {seed}; device {torch.cuda.get_device_name()}; torch {torch.__version__}", flush=True)
    gen = torch.Generator(device="cuda").manual_seed(seed)
    h = HalftoneCuda(sys.argv[1])
    record("block layouts", h.block_layout(0) == (32, 34) and h.block_layout(1) == (256, 144),
           f"q8_0 {h.block_layout(0)}, q4_K {h.block_layout(1)} (ggml: (32, 34), (256, 144))")
    check_errors(h)
    # one block a row of 128 threads (K <= 4096) or 256: 1 to 8 16-byte chunks a thread, threads without a chunk
    # (K = 384, 4224); the last three with more rows than the GPU holds blocks at once
    for M, K in ((300, 384), (130, 3072), (257, 4096), (40, 4224), (64, 16384), (4000, 3072), (3000, 4096),
                 (700, 16384)):
        for smooth in (False, True):
            check_quantize(h, gen, M, K, smooth)
    hopper = torch.cuda.get_device_capability() == (9, 0)
    paths = [PATH_MMA_SYNC, PATH_AUTO] + ([PATH_MMA_SYNC_WIDE, PATH_WGMMA] if hopper else [])
    # On Hopper the wgmma path has two kernels (gemm_wgmma_sm90.cu): one 128 x 256 tile per block below two 128 x 128
    # tiles per SM, the ping-pong kernel from there (on 132 SMs: the last three shapes, M and N tails inside tiles,
    # an odd number of M tiles, one to eight tiles per consumer warpgroup, short main loops).
    for M, N, K in ((300, 520, 384), (1000, 1024, 4096), (129, 3072, 3072), (48, 264, 256), (17, 4096, 1024),
                    (2184, 2056, 384), (2100, 2056, 512), (4096, 4104, 256)):
        for path in paths:
            check_w8a8(h, gen, M, N, K, path)
    for M, N, K in ((300, 520, 512), (1000, 1024, 4096), (40, 3072, 3072), (17, 264, 1024)):
        check_weight_gemms(h, gen, M, N, K)
    # Q4_K small-M kernel (M <= Q4K_SMALL_M): every padding of the tokens, N tails (136, 88: half a 16-channel block;
    # 48, 264, 520: not whole 32-channel blocks), fewer super-blocks than warps (K = 256, 512, 768), warps with
    # unequal shares (K = 2560: 10 super-blocks over 8 warps), 4-warp blocks (K = 3072), each epilogue part;
    # M = 33 to 64 take the generic kernel.
    for M, N, K, parts in ((1, 48, 512, ("bias",)), (1, 12288, 3072, ()), (2, 88, 768, ("residual",)),
                           (9, 520, 2560, ("bias",)),
                           (3, 136, 256, ("row_scale", "col_scale", "bias", "residual")), (5, 4096, 3072, ("row_scale",)),
                           (16, 4096, 4096, ("col_scale", "bias")), (16, 264, 512, ()),
                           (25, 4096, 3072, ("row_scale", "col_scale", "bias", "residual")),
                           (32, 48, 3072, ("residual",)), (33, 48, 3072, ("residual",)), (64, 4096, 3072, ("row_scale", "col_scale", "bias", "residual")),
                           (64, 3072, 12288, ("bias",))):
        check_q4_K_epilogue(h, gen, M, N, K, parts, hopper)
    # Above Q4K_WGMMA_ABOVE_M on Hopper: the wgmma kernel (M and N tails inside and across 128 x 256 tiles, one and
    # many super-blocks, every epilogue part), then the same shapes on the generic kernel with HT_Q4K_WGMMA=0.
    large = ((65, 520, 512, ("bias", "residual")), (96, 4096, 3072, ()),
             (300, 264, 256, ("row_scale", "col_scale", "bias", "residual")), (1000, 1032, 4096, ("col_scale", "bias")),
             (2048, 3072, 3072, ()), (129, 12288, 1024, ("residual",)))
    for env in ((None, "0") if hopper else (None,)):
        if env is not None:
            os.environ["HT_Q4K_WGMMA"] = env
        for M, N, K, parts in large:
            check_q4_K_epilogue(h, gen, M, N, K, parts, hopper)
        os.environ.pop("HT_Q4K_WGMMA", None)
    # Packed Q4_K: the repack byte for byte. The small-M kernels: for the mma.sync one (any GPU) every n8 padding,
    # 1 to 8 warps and unequal super-block counts per block; for the Hopper split-K one both token tiles (32, 64),
    # one to eight super-blocks per block and clusters of 1 to 8 blocks (on 132 SMs: 1, 2, 3, 5, 6, 7, 8 below), a last
    # 128-channel tile holding one 64-channel group (N = 192, 1088). On Hopper also the 256-token kernel (token
    # tails inside and across tiles, one and many super-blocks, every epilogue part), and the small-M shapes on the
    # mma.sync and 256-token kernels with the kernels before them turned off.
    for N, K in ((64, 256), (192, 1024), (1088, 768)):
        check_repack_q4_K(h, gen, N, K)
    # The dequantizing GEMM (any GPU): each format's dequantization for whole and part channel ranges, then the GEMM
    # with one slab and many (128-channel slabs; N = 1088 leaves a last slab of 64 channels), odd M, with and
    # without a bias; three of the shapes at 4096 tokens.
    check_dequant_errors(h)
    for fmt in (WEIGHTS_Q8_0, WEIGHTS_Q4_K, WEIGHTS_Q4_K_PACKED, WEIGHTS_NF4, WEIGHTS_FP8):
        for N, K, n0, n1 in ((64, 256, 0, 64), (1088, 768, 0, 1088), (1088, 2560, 384, 1024)):
            check_dequantize_weights(h, gen, fmt, N, K, n0, n1)
        for M, N, K, slab, bias in ((1, 192, 256, None, True), (300, 1088, 768, 128, True), (300, 1088, 768, None, False),
                                    (1000, 4096, 4096, 1024, True)):
            check_dequant_gemm(h, gen, fmt, M, N, K, slab, bias)
    for fmt, (M, N, K) in ((WEIGHTS_Q4_K_PACKED, (4096, 3072, 3072)), (WEIGHTS_Q8_0, (4096, 3072, 12288)),
                           (WEIGHTS_NF4, (4096, 12288, 3072))):
        check_dequant_gemm(h, gen, fmt, M, N, K, None, True)
    # M <= 4 runs the few-token kernel (1, 2 and 4 tokens a tile; M = 3 pads one): one to eight warps a block
    # (K = 256 .. 12288), every epilogue part
    few_tokens = ((1, 1088, 768, ("col_scale",)), (1, 192, 2560, ("residual",)),
                  (1, 4096, 4096, ("row_scale", "col_scale", "bias", "residual")), (1, 3072, 12288, ("bias",)),
                  (2, 1088, 768, ("row_scale", "residual")), (2, 3072, 12288, ()), (3, 4096, 3072, ("bias",)),
                  (4, 192, 2560, ("row_scale", "col_scale", "bias", "residual")), (4, 12288, 3072, ()))
    for M, N, K, parts in few_tokens:
        check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=True)
    # The int8-activation packed kernel: 1 to 64 tokens (one, two and four token tiles a block, a partial last tile,
    # two token-tile rows), one to eight super-blocks split over clusters of 1 to 8 blocks, a last block holding one
    # 64-channel group (N = 192, 1088), every epilogue part.
    check_q4_K_packed_q8_errors(h, hopper)
    for M, N, K, parts in ((1, 64, 256, ("bias",)), (2, 4096, 4096, ()), (5, 192, 2560, ("residual",)),
                           (8, 1088, 768, ("row_scale", "col_scale")), (16, 4096, 4096, ("row_scale", "col_scale", "bias", "residual")),
                           (17, 3072, 12288, ("bias",)), (32, 12288, 3072, ()), (40, 1088, 1792, ("bias",)),
                           (64, 4096, 3072, ("row_scale", "col_scale", "bias", "residual")), (64, 192, 2048, ())):
        check_q4_K_packed_q8(h, gen, M, N, K, parts)
    # The K split forced (HT_Q4K_Q8_SPLITS), so that no cluster and clusters of 3, 6 and 8 blocks run whatever the
    # library's rule picks on this GPU (on devices without clusters it ignores the variable: one block a tile).
    for splits, (M, N, K) in (("1", (40, 4096, 4096)), ("3", (64, 3072, 12288)), ("6", (9, 1088, 12288)),
                              ("8", (64, 4096, 4096)), ("8", (3, 192, 2048))):
        with_env("HT_Q4K_Q8_SPLITS", splits, lambda: check_q4_K_packed_q8(h, gen, M, N, K, ("bias", "residual")))
    # Each count of k-warps (HT_Q4K_Q8_K_WARPS) at each token-tile count, whatever the library's rule picks.
    for k_warps in ("1", "2"):
        for M, N, K in ((8, 1088, 768), (13, 192, 2560), (29, 4096, 1024), (64, 1088, 3072)):
            with_env("HT_Q4K_Q8_K_WARPS", k_warps, lambda: check_q4_K_packed_q8(h, gen, M, N, K, ("bias",)))
    small = ((1, 64, 256, ("bias",)), (1, 12288, 3072, ()), (3, 192, 2560, ("residual",)),
             (8, 4096, 4096, ("row_scale", "col_scale", "bias", "residual")), (9, 1088, 768, ("bias",)),
             (16, 3072, 12288, ()), (25, 4096, 3072, ("col_scale",)), (32, 64, 512, ("residual",)))
    for M, N, K, parts in small:
        check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=True)
    if hopper:
        for M, N, K, parts in ((17, 192, 2560, ("residual",)), (20, 1088, 768, ("bias",)), (48, 128, 256, ("row_scale",)),
                               (40, 1088, 1792, ("row_scale", "bias")), (57, 192, 2048, ("residual",)),
                               (64, 4096, 3072, ("row_scale", "col_scale", "bias", "residual")),
                               (64, 3072, 12288, ("bias",)), (300, 192, 256, ("row_scale", "col_scale", "bias", "residual")),
                               (65, 4096, 3072, ()), (1000, 1088, 4096, ("col_scale", "bias")), (2048, 3072, 3072, ()),
                               (257, 12288, 1024, ("residual",)), (4096, 3072, 512, ("row_scale", "bias"))):
            check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=True)
        # the same shapes on the mma.sync small-M kernel, M <= 4 included
        os.environ["HT_Q4K_PACKED_FEW_TOKENS_MAX"] = "0"
        os.environ["HT_Q4K_PACKED_SPLIT_K_MAX"] = "0"
        for M, N, K, parts in small:
            check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=True)
        os.environ["HT_Q4K_PACKED_SMALL_M_MAX"] = "0"
        for M, N, K, parts in ((1, 64, 256, ("bias",)), (17, 4096, 1024, ("residual",))):
            check_q4_K_epilogue(h, gen, M, N, K, parts, hopper, packed=True)
        os.environ.pop("HT_Q4K_PACKED_SMALL_M_MAX", None)
        os.environ.pop("HT_Q4K_PACKED_SPLIT_K_MAX", None)
        os.environ.pop("HT_Q4K_PACKED_FEW_TOKENS_MAX", None)
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
