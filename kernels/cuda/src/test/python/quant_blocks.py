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


def dequant_q4_K(blocks, N, K):
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
    qs = b[..., 16:].int()
    q = torch.empty(N, nb, 256, dtype=torch.float32, device=blocks.device)
    for c in range(4):
        q[..., 64 * c:64 * c + 32] = (qs[..., 32 * c:32 * c + 32] & 15).float()
        q[..., 64 * c + 32:64 * c + 64] = (qs[..., 32 * c:32 * c + 32] >> 4).float()
    scale = (d * sc.float()).repeat_interleave(32, dim=2)
    minimum = (dmin * mn.float()).repeat_interleave(32, dim=2)
    return (scale * q - minimum).reshape(N, K)


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
