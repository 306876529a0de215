"""Random GGUF / NF4 / FP8 weights as the kernels read them, and their float32 dequantization (the reference):
Q8_0 and Q4_K after ggml src/ggml-common.h + dequantize_row_q8_0 / dequantize_row_q4_K, NF4 after bitsandbytes.
Random bytes cover every bit path of the 6-bit Q4_K scale packing."""
import torch

NF4_CODES = torch.tensor([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
                          -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
                          0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
                          0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0], dtype=torch.float32)


def _fp16_bytes(values):
    return values.to(torch.float16).view(torch.uint8).reshape(*values.shape, 2)


def random_q8_0(N, K, gen, device):
    nb = K // 32
    d = torch.empty(N, nb, device=device).uniform_(2e-4, 2e-3, generator=gen) * \
        torch.where(torch.rand(N, nb, device=device, generator=gen) < 0.1, -1.0, 1.0)
    qs = torch.randint(-127, 128, (N, nb, 32), device=device, generator=gen, dtype=torch.int8)
    blocks = torch.cat([_fp16_bytes(d), qs.view(torch.uint8)], dim=2).contiguous()  # [N, nb, 34]
    return blocks


def dequant_q8_0(blocks, N, K):
    b = blocks.view(N, K // 32, 34)
    d = b[..., 0:2].contiguous().view(torch.float16).float()  # [N, nb, 1]
    q = b[..., 2:].contiguous().view(torch.int8).float()
    return (q * d).reshape(N, K)


def random_q4_K(N, K, gen, device):
    nb = K // 256
    d = torch.empty(N, nb, device=device).uniform_(1e-5, 1e-4, generator=gen)
    dmin = torch.empty(N, nb, device=device).uniform_(1e-5, 1e-4, generator=gen)
    rest = torch.randint(0, 256, (N, nb, 140), device=device, generator=gen, dtype=torch.uint8)
    return torch.cat([_fp16_bytes(d), _fp16_bytes(dmin), rest], dim=2).contiguous()  # [N, nb, 144]


def q4_K_nibbles(blocks, N, K):
    """The 4-bit quants q [N][nb][256] (int32) in K order: byte 32c + l of qs holds K 64c + l (low nibble) and
    64c + 32 + l (high nibble)."""
    nb = K // 256
    qs = blocks.view(N, nb, 144)[..., 16:].int()
    q = torch.empty(N, nb, 256, dtype=torch.int32, device=blocks.device)
    for c in range(4):
        q[..., 64 * c:64 * c + 32] = qs[..., 32 * c:32 * c + 32] & 15
        q[..., 64 * c + 32:64 * c + 64] = qs[..., 32 * c:32 * c + 32] >> 4
    return q


def pack_q4_K(blocks, N, K):
    """ht_repack_q4_K's layout, written from its description in q4k_packed_layout.cuh: per (64-channel group,
    super-block) unit, the 64 heads, then 4 chunks of 128 threads x 4 words; nibble p of word i of thread t is row
    16(t/32) + (t%32)/4 + 8(p&1), K offset 16i + 2(t%4) + ((p/2)&1) + 8(p/4) of the chunk."""
    nb, groups = K // 256, N // 64
    heads = blocks.view(groups, 64, nb, 144)[..., :16].permute(0, 2, 1, 3).reshape(groups, nb, 1024)
    q = q4_K_nibbles(blocks, N, K).view(groups, 64, nb, 4, 64).permute(0, 2, 3, 1, 4)  # [g, sb, chunk, row, k]
    dev = blocks.device
    t, i, p = torch.meshgrid(torch.arange(128, device=dev), torch.arange(4, device=dev), torch.arange(8, device=dev),
                             indexing="ij")
    row = 16 * (t // 32) + (t % 32) // 4 + 8 * (p & 1)
    k = 16 * i + 2 * (t % 4) + ((p // 2) & 1) + 8 * (p // 4)
    nibbles = q[:, :, :, row, k]                                  # [g, sb, chunk, 128, 4, 8]
    chunk_bytes = (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).to(torch.uint8).reshape(groups, nb, 4 * 2048)
    return torch.cat([heads, chunk_bytes], dim=2).reshape(-1).contiguous()


def q4_K_sub_block_affine(blocks, N, K):
    """Each 32-value sub-block's d * sc and dmin * m in float32 (exact: an fp16 times a 6-bit integer), [N][nb][8]."""
    nb = K // 256
    b = blocks.view(N, nb, 144)
    d = b[..., 0:2].contiguous().view(torch.float16).float()
    dmin = b[..., 2:4].contiguous().view(torch.float16).float()
    s = b[..., 4:16].int()
    sc = torch.empty(N, nb, 8, dtype=torch.int32, device=blocks.device)
    mn = torch.empty_like(sc)
    for j in range(4):
        sc[..., j] = s[..., j] & 63
        mn[..., j] = s[..., j + 4] & 63
    for j in range(4, 8):
        sc[..., j] = (s[..., j + 4] & 0xF) | ((s[..., j - 4] >> 6) << 4)
        mn[..., j] = (s[..., j + 4] >> 4) | ((s[..., j] >> 6) << 4)
    return d * sc.float(), dmin * mn.float()


def dequant_q4_K(blocks, N, K):
    d1, m1 = q4_K_sub_block_affine(blocks, N, K)
    q = q4_K_nibbles(blocks, N, K).float()
    return (d1.repeat_interleave(32, dim=2) * q - m1.repeat_interleave(32, dim=2)).reshape(N, K)


def dequant_q4_K_fma_bf16(blocks, N, K):
    """The bf16 weights of the kernels' stated contract (weight_decoders.cuh q4k_affine + q4k_bf16_pair): with
    scale128 = 128 d1 and offset = -fp32(128 d1 + m1), each weight is fp32(scale128 (1 + q/128) + offset) (one fused
    multiply-add) rounded to bf16, nearest even. Emulated in float64, where these sums and products are exact, with
    one rounding to float32 each as the fused operations do."""
    d1, m1 = (t.double().repeat_interleave(32, dim=2) for t in q4_K_sub_block_affine(blocks, N, K))
    offset = -((128.0 * d1 + m1).float().double())
    q = q4_K_nibbles(blocks, N, K).double()
    return (128.0 * d1 * (1.0 + q / 128.0) + offset).float().to(torch.bfloat16).reshape(N, K)


def random_nf4(N, K, gen, device):
    qs = torch.randint(0, 256, (N, K // 2), device=device, generator=gen, dtype=torch.uint8)
    absmax = torch.empty(N, K // 64, device=device).uniform_(0.01, 0.1, generator=gen)
    return qs, absmax


def dequant_nf4(qs, absmax, N, K):
    codes = NF4_CODES.to(qs.device)
    hi = codes[(qs >> 4).long()]
    lo = codes[(qs & 15).long()]
    w = torch.stack([hi, lo], dim=2).reshape(N, K)
    return w * absmax.repeat_interleave(64, dim=1)


def random_fp8(N, K, gen, device):
    raw = torch.randint(0, 256, (N, K), device=device, generator=gen, dtype=torch.uint8)
    raw = torch.where((raw & 0x7F) == 0x7F, raw ^ 1, raw)  # no NaN encodings
    scale = torch.empty(N, device=device).uniform_(1e-3, 1e-2, generator=gen)
    return raw, scale


def dequant_fp8(raw, scale):
    return raw.view(torch.float8_e4m3fn).float() * scale[:, None]
