#!/usr/bin/env python3
# Writes stand-in StyleGAN2-ADA pickles for tests/export_stylegan2.sh, and for each the images
# the export must reproduce (computed here in eager mode, independently of the export script).
# Before writing, it proves that the stand-in has the traps the export must avoid, so the test
# cannot pass against a generator that would have forgiven a careless export.
# Usage: make_fake.py OUT_DIR   (run with Debian's /usr/bin/python3, which has torch)
import os
import pickle
import sys
import warnings

import torch

warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from training.networks import Generator  # noqa: E402


def make_generator(seed, c_dim):
    torch.manual_seed(seed)
    return Generator(z_dim=8, c_dim=c_dim, w_dim=16, img_resolution=16, img_channels=3).eval().requires_grad_(False)


def images(G, z, psi, resolution, label):
    c = torch.zeros([z.shape[0], G.c_dim])
    if G.c_dim > 0:
        c[:, label] = 1
    with torch.no_grad():
        img = G(z, c, truncation_psi=psi, noise_mode="const", force_fp32=True, fused_modconv=False)
        if resolution != G.img_resolution:
            img = torch.nn.functional.avg_pool2d(img, G.img_resolution // resolution)
        return ((img + 1) / 2).clamp(0, 1)


class Reference(torch.nn.Module):
    def __init__(self, z, x):
        super().__init__()
        self.register_buffer("z", z)
        self.register_buffer("x", x)

    def forward(self):
        return self.x


def save_reference(path, G, psi, resolution, label):
    z = torch.randn([5, G.z_dim], generator=torch.Generator().manual_seed(7))
    torch.jit.script(Reference(z, images(G, z, psi, resolution, label))).save(path)


class Call(torch.nn.Module):
    def __init__(self, G, **kwargs):
        super().__init__()
        self.G, self.kwargs = G, kwargs

    def forward(self, z, c):
        return self.G(z, c, **self.kwargs)


def check_traps(G):
    z4, z3 = torch.randn([4, G.z_dim]), torch.randn([3, G.z_dim])
    c4, c3 = torch.zeros([4, 0]), torch.zeros([3, 0])
    kw = dict(noise_mode="const", force_fp32=True)
    # fused_modconv left at its default bakes the batch size into a trace.
    traced = torch.jit.trace(Call(G, **kw), (z4, c4), check_trace=False)
    try:
        out = traced(z3, c3)
        baked = out.shape[0] != 3
    except RuntimeError:
        baked = True
    assert baked, "stand-in: a trace with fused_modconv on should fail at another batch size"
    # ... and with it off the same trace works at any batch size.
    traced = torch.jit.trace(Call(G, fused_modconv=False, **kw), (z4, c4), check_trace=False)
    assert torch.allclose(traced(z3, c3), G(z3, c3, fused_modconv=False, **kw), atol=1e-5)
    # noise_mode='random' (the default) makes G(z) random.
    with torch.no_grad():
        assert not torch.equal(G(z3, c3, force_fp32=True), G(z3, c3, force_fp32=True))
    # Without force_fp32 the last block runs in float16, which CPU convolution refuses.
    try:
        with torch.no_grad():
            G(z3, c3, noise_mode="const")
        fp16_breaks = False
    except RuntimeError:
        fp16_breaks = True
    assert fp16_breaks, "stand-in: float16 blocks should break on CPU without force_fp32"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    G = make_generator(1, c_dim=0)
    check_traps(G)
    D = torch.nn.Linear(3, 1)
    # As legacy.load_network_pkl expects from a training snapshot: G, D and G_ema.
    with open(os.path.join(out, "fake.pkl"), "wb") as f:
        pickle.dump({"G": G, "D": D, "G_ema": G, "training_set_kwargs": None}, f)
    save_reference(os.path.join(out, "fake-psi0.7-res8.ref.pt"), G, 0.7, 8, 0)
    # A plain pickle holding only G_ema (legacy.load_network_pkl would reject it).
    with open(os.path.join(out, "plain.pkl"), "wb") as f:
        pickle.dump({"G_ema": G}, f)
    save_reference(os.path.join(out, "plain.ref.pt"), G, 1.0, 16, 0)
    # A conditional generator (c_dim 3), exported for class 2.
    Gc = make_generator(2, c_dim=3)
    with open(os.path.join(out, "cond.pkl"), "wb") as f:
        pickle.dump({"G": Gc, "D": D, "G_ema": Gc}, f)
    save_reference(os.path.join(out, "cond-label2.ref.pt"), Gc, 1.0, 16, 2)
    # Not a generator pickle at all.
    with open(os.path.join(out, "nogen.pkl"), "wb") as f:
        pickle.dump({"D": D}, f)


if __name__ == "__main__":
    main()
