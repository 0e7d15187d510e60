# A tiny stand-in for stylegan2-ada-pytorch's training/networks.py Generator, for testing
# scripts/export-stylegan2.py without the real code or weights. It keeps the call signatures
# (G(z, c, truncation_psi, truncation_cutoff, **synthesis_kwargs) with noise_mode, force_fp32
# and fused_modconv passed down to every block and layer) and the three behaviours the export
# must defuse:
#   - fused_modconv (the default in eval mode at float32) folds the batch into conv groups via
#     int(x.shape[0]), so a trace made with it only works at the traced batch size;
#   - noise_mode='random' (the default) draws fresh noise, so outputs are not a function of z;
#   - blocks marked use_fp16 compute in float16 unless force_fp32=True.
import numpy as np
import torch


def normalize_2nd_moment(x, dim=1, eps=1e-8):
    return x * (x.square().mean(dim=dim, keepdim=True) + eps).rsqrt()


def modulated_conv2d(x, weight, styles, noise=None, up=1, padding=0, demodulate=True,
                     fused_modconv=True):
    batch_size = x.shape[0]
    out_channels, in_channels, kh, kw = weight.shape
    if up > 1:
        x = torch.nn.functional.interpolate(x, scale_factor=up, mode="nearest")
    w = weight.unsqueeze(0) * styles.reshape(batch_size, 1, -1, 1, 1)  # [NOIkk]
    dcoefs = (w.square().sum(dim=[2, 3, 4]) + 1e-8).rsqrt() if demodulate else None  # [NO]
    if not fused_modconv:
        x = x * styles.to(x.dtype).reshape(batch_size, -1, 1, 1)
        x = torch.nn.functional.conv2d(x, weight.to(x.dtype), padding=padding)
        if demodulate:
            x = x * dcoefs.to(x.dtype).reshape(batch_size, -1, 1, 1)
        if noise is not None:
            x = x + noise.to(x.dtype)
        return x
    # As in the real code: the batch size becomes a Python int, a constant in a trace.
    batch_size = int(batch_size)
    if demodulate:
        w = w * dcoefs.reshape(batch_size, -1, 1, 1, 1)
    x = x.reshape(1, -1, *x.shape[2:])
    w = w.reshape(-1, in_channels, kh, kw)
    x = torch.nn.functional.conv2d(x, w.to(x.dtype), padding=padding, groups=batch_size)
    x = x.reshape(batch_size, -1, *x.shape[2:])
    if noise is not None:
        x = x + noise
    return x


class FullyConnectedLayer(torch.nn.Module):
    def __init__(self, in_features, out_features, bias_init=0.0, lrelu=False):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn([out_features, in_features]))
        self.bias = torch.nn.Parameter(torch.full([out_features], float(bias_init)))
        self.gain = 1 / np.sqrt(in_features)
        self.lrelu = lrelu

    def forward(self, x):
        x = torch.addmm(self.bias.to(x.dtype).unsqueeze(0), x, (self.weight * self.gain).to(x.dtype).t())
        return torch.nn.functional.leaky_relu(x, 0.2) * np.sqrt(2) if self.lrelu else x


class MappingNetwork(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, num_ws, num_layers=2):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim, self.num_ws = z_dim, c_dim, w_dim, num_ws
        if c_dim > 0:
            self.embed = FullyConnectedLayer(c_dim, w_dim)
        dims = [z_dim + (w_dim if c_dim > 0 else 0)] + [w_dim] * num_layers
        self.layers = torch.nn.ModuleList(
            [FullyConnectedLayer(a, b, lrelu=True) for a, b in zip(dims[:-1], dims[1:])])
        self.register_buffer("w_avg", 0.3 * torch.randn([w_dim]))

    def forward(self, z, c, truncation_psi=1, truncation_cutoff=None, skip_w_avg_update=False):
        x = normalize_2nd_moment(z.to(torch.float32))
        if self.c_dim > 0:
            assert c.shape[1] == self.c_dim
            y = normalize_2nd_moment(self.embed(c.to(torch.float32)))
            x = torch.cat([x, y], dim=1)
        for layer in self.layers:
            x = layer(x)
        x = x.unsqueeze(1).repeat([1, self.num_ws, 1])
        if truncation_psi != 1:
            x = self.w_avg.lerp(x, truncation_psi)
        return x


class SynthesisLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, up=1):
        super().__init__()
        self.resolution, self.up = resolution, up
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, 3, 3]))
        self.register_buffer("noise_const", torch.randn([resolution, resolution]))
        self.noise_strength = torch.nn.Parameter(torch.tensor(0.1))
        self.bias = torch.nn.Parameter(torch.zeros([out_channels]))

    def forward(self, x, w, noise_mode="random", fused_modconv=True, gain=1):
        assert noise_mode in ["random", "const", "none"]
        styles = self.affine(w)
        noise = None
        if noise_mode == "random":
            noise = torch.randn([x.shape[0], 1, self.resolution, self.resolution],
                                device=x.device) * self.noise_strength
        if noise_mode == "const":
            noise = self.noise_const * self.noise_strength
        x = modulated_conv2d(x, self.weight, styles, noise=noise, up=self.up, padding=1,
                             fused_modconv=fused_modconv)
        x = x + self.bias.to(x.dtype).reshape(1, -1, 1, 1)
        return torch.nn.functional.leaky_relu(x, 0.2) * np.sqrt(2) * gain


class ToRGBLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim):
        super().__init__()
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, 1, 1]))
        self.bias = torch.nn.Parameter(torch.zeros([out_channels]))
        self.weight_gain = 0.5 / np.sqrt(in_channels)

    def forward(self, x, w, fused_modconv=True):
        styles = self.affine(w) * self.weight_gain
        x = modulated_conv2d(x, self.weight, styles, demodulate=False, fused_modconv=fused_modconv)
        return x + self.bias.to(x.dtype).reshape(1, -1, 1, 1)


class SynthesisBlock(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, img_channels, use_fp16):
        super().__init__()
        self.in_channels, self.resolution, self.use_fp16 = in_channels, resolution, use_fp16
        if in_channels == 0:
            self.const = torch.nn.Parameter(torch.randn([out_channels, resolution, resolution]))
        else:
            self.conv0 = SynthesisLayer(in_channels, out_channels, w_dim, resolution, up=2)
        self.conv1 = SynthesisLayer(out_channels, out_channels, w_dim, resolution)
        self.torgb = ToRGBLayer(out_channels, img_channels, w_dim)
        self.num_conv = 1 if in_channels == 0 else 2
        self.num_torgb = 1

    def forward(self, x, img, ws, force_fp32=False, fused_modconv=None, **layer_kwargs):
        w_iter = iter(ws.unbind(dim=1))
        dtype = torch.float16 if self.use_fp16 and not force_fp32 else torch.float32
        if fused_modconv is None:
            fused_modconv = (not self.training) and (dtype == torch.float32 or int(x.shape[0]) == 1)
        if self.in_channels == 0:
            x = self.const.to(dtype).unsqueeze(0).repeat([ws.shape[0], 1, 1, 1])
            x = self.conv1(x, next(w_iter), fused_modconv=fused_modconv, **layer_kwargs)
        else:
            x = x.to(dtype)
            x = self.conv0(x, next(w_iter), fused_modconv=fused_modconv, **layer_kwargs)
            x = self.conv1(x, next(w_iter), fused_modconv=fused_modconv, **layer_kwargs)
        if img is not None:
            img = torch.nn.functional.interpolate(img, scale_factor=2, mode="nearest")
        y = self.torgb(x, next(w_iter), fused_modconv=fused_modconv).to(torch.float32)
        img = img + y if img is not None else y
        assert x.dtype == dtype
        return x, img


class SynthesisNetwork(torch.nn.Module):
    def __init__(self, w_dim, img_resolution, img_channels, channels=8, num_fp16_res=1):
        super().__init__()
        self.w_dim, self.img_resolution, self.img_channels = w_dim, img_resolution, img_channels
        self.block_resolutions = [2 ** i for i in range(2, int(np.log2(img_resolution)) + 1)]
        self.num_ws = 0
        for i, res in enumerate(self.block_resolutions):
            use_fp16 = i >= len(self.block_resolutions) - num_fp16_res
            block = SynthesisBlock(0 if res == 4 else channels, channels, w_dim, res, img_channels,
                                   use_fp16)
            self.num_ws += block.num_conv
            setattr(self, f"b{res}", block)
        self.num_ws += 1

    def forward(self, ws, **block_kwargs):
        x = img = None
        w_idx = 0
        for res in self.block_resolutions:
            block = getattr(self, f"b{res}")
            cur = ws.narrow(1, w_idx, block.num_conv + block.num_torgb)
            w_idx += block.num_conv
            x, img = block(x, img, cur, **block_kwargs)
        return img


class Generator(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim = z_dim, c_dim, w_dim
        self.img_resolution, self.img_channels = img_resolution, img_channels
        self.synthesis = SynthesisNetwork(w_dim, img_resolution, img_channels)
        self.num_ws = self.synthesis.num_ws
        self.mapping = MappingNetwork(z_dim, c_dim, w_dim, self.num_ws)

    def forward(self, z, c, truncation_psi=1, truncation_cutoff=None, **synthesis_kwargs):
        ws = self.mapping(z, c, truncation_psi=truncation_psi, truncation_cutoff=truncation_cutoff)
        return self.synthesis(ws, **synthesis_kwargs)
