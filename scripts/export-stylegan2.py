#!/usr/bin/env python3
"""Export a stylegan2-ada-pytorch generator to a TorchScript file that egeot loads.

The file meets egeot's generator contract (README.md, "TorchScript generators"):
forward(z) takes z [B, z_dim] float32 and returns images [B, C, H, W] float32 in [0, 1],
differentiable in z, for any batch size B; the module has an int attribute z_dim.

How the trace is made safe (each point is a way a naive export goes wrong):
  - traced on the CPU, so stylegan2-ada-pytorch's custom CUDA ops (bias_act, upfirdn2d) take
    their reference path and plain aten ops are recorded; the file then runs on CPU or CUDA;
  - noise_mode='const', so G(z) is a function of z (no fresh noise at each call);
  - force_fp32=True, so no block computes in float16;
  - fused_modconv=False, since the fused path turns the batch size into a Python int, which a
    trace records as a constant: the file would then only work at the traced batch size;
  - outputs mapped from [-1, 1] to [0, 1] and clamped; optional area downsampling.
The traced module is checked against the eager generator at a batch size other than the
traced one (and at 1), reloaded from disk and checked again, and only then renamed into place.

Usage (with the stylegan2-ada-pytorch checkout the pickle was made with):
  python3 scripts/export-stylegan2.py --pkl afhqdog.pkl --out afhqdog-256.pt \\
      --stylegan-repo ~/src/stylegan2-ada-pytorch --psi 0.7 --resolution 256
"""
import argparse
import copy
import os
import pickle
import sys
import warnings


def fail(message):
    print(f"export-stylegan2: error: {message}", file=sys.stderr)
    sys.exit(2)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pkl", required=True, help="stylegan2-ada-pytorch network pickle (G_ema)")
    p.add_argument("--out", required=True, help="TorchScript file to write (.pt)")
    p.add_argument("--stylegan-repo", default=None,
                   help="stylegan2-ada-pytorch checkout (for dnnlib, torch_utils, legacy.py)")
    p.add_argument("--psi", type=float, default=1.0, help="truncation psi (1 = none)")
    p.add_argument("--resolution", type=int, default=0,
                   help="output resolution, a divisor of the generator's (area downsampling)")
    p.add_argument("--label", type=int, default=None,
                   help="class index for a conditional generator (c_dim > 0)")
    p.add_argument("--trace-batch", type=int, default=4, help="batch size used for tracing")
    return p.parse_args()


def load_g_ema(pkl, repo):
    """G_ema through legacy.load_network_pkl when the repo provides it, else a plain pickle."""
    if repo is not None:
        if not os.path.isdir(repo):
            fail(f"--stylegan-repo {repo}: no such directory")
        sys.path.insert(0, os.path.abspath(repo))
    try:
        import legacy  # noqa: F401  (from --stylegan-repo or PYTHONPATH)
    except ImportError:
        legacy = None
    data = None
    if legacy is not None:
        try:
            with open(pkl, "rb") as f:
                data = legacy.load_network_pkl(f)
        except Exception:
            data = None  # not a full training snapshot: read it as a plain pickle below,
            # which names what is wrong if it is no network pickle at all
    if data is None:
        try:
            with open(pkl, "rb") as f:
                data = pickle.load(f)
        except ModuleNotFoundError as e:
            fail(f"{pkl}: needs module '{e.name}' to unpickle; pass --stylegan-repo "
                 "(the stylegan2-ada-pytorch checkout it was made with)")
        except Exception as e:  # a corrupt or foreign file: say so on one line
            fail(f"{pkl}: not a readable network pickle ({type(e).__name__}: {e})")
    import torch
    G = data.get("G_ema") if isinstance(data, dict) else data
    if not isinstance(G, torch.nn.Module):
        keys = ", ".join(sorted(map(str, data.keys()))) if isinstance(data, dict) else type(data).__name__
        fail(f"{pkl}: expected a pickle holding a 'G_ema' generator module, found {keys}")
    for attr in ("z_dim", "c_dim", "img_resolution", "img_channels", "mapping", "synthesis"):
        if not hasattr(G, attr):
            fail(f"{pkl}: G_ema has no '{attr}' (expected a stylegan2-ada-pytorch Generator)")
    return G


def build_wrapper(G, psi, resolution, label):
    import torch

    class Contract(torch.nn.Module):
        """z [B, z_dim] -> images [B, C, H, W] in [0, 1]."""

        def __init__(self):
            super().__init__()
            self.G = G
            c = torch.zeros([1, G.c_dim])
            if G.c_dim > 0:
                c[0, label] = 1
            self.register_buffer("c", c)
            self.down = G.img_resolution // resolution

        def forward(self, z):
            # c follows z's batch without a factory call whose size a trace would freeze.
            c = self.c.expand(z.shape[0], -1)
            img = self.G(z, c, truncation_psi=psi, noise_mode="const", force_fp32=True,
                         fused_modconv=False)
            if self.down > 1:
                img = torch.nn.functional.avg_pool2d(img, self.down)
            return ((img.to(torch.float32) + 1) * 0.5).clamp(0, 1)

    return Contract().eval()


def check(module, reference, z_dim, shape, what):
    """Raises AssertionError naming the broken clause of the contract."""
    import torch
    for batch in (3, 1):
        z = torch.randn([batch, z_dim], generator=torch.Generator().manual_seed(batch))
        z.requires_grad_(True)
        x = module(z)
        assert tuple(x.shape) == (batch, *shape), \
            f"{what}: output shape {list(x.shape)} for batch {batch}, expected {[batch, *shape]}"
        assert x.dtype == torch.float32, f"{what}: output dtype {x.dtype}, expected float32"
        assert torch.isfinite(x).all(), f"{what}: output has NaN or inf"
        assert x.min() >= 0 and x.max() <= 1, f"{what}: output outside [0, 1]"
        (g,) = torch.autograd.grad(x.sum(), z)
        assert torch.isfinite(g).all() and g.abs().max() > 0, f"{what}: no gradient in z"
        with torch.no_grad():
            err = (x.detach() - reference(z.detach())).abs().max().item()
        assert err < 1e-4, f"{what}: differs from the eager generator by {err:.3g} at batch {batch}"


def main():
    args = parse_args()
    if not os.path.isfile(args.pkl):
        fail(f"--pkl {args.pkl}: no such file")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir):
        fail(f"--out {args.out}: directory {out_dir} does not exist")
    if args.trace_batch < 2:
        fail(f"--trace-batch {args.trace_batch}: expected at least 2")
    try:
        import torch
    except ImportError:
        fail("python3 has no torch (on Debian: apt install python3-torch)")
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)

    G = load_g_ema(args.pkl, args.stylegan_repo)
    G = copy.deepcopy(G).eval().requires_grad_(False).float().cpu()
    res = args.resolution or G.img_resolution
    if res <= 0 or G.img_resolution % res != 0:
        fail(f"--resolution {args.resolution}: expected a divisor of the generator's "
             f"{G.img_resolution}")
    if G.c_dim > 0 and (args.label is None or not 0 <= args.label < G.c_dim):
        fail(f"--label: the generator is conditional (c_dim {G.c_dim}); give a class index "
             f"0..{G.c_dim - 1}")
    if G.c_dim == 0 and args.label is not None:
        fail("--label: the generator is unconditional (c_dim 0)")

    wrapper = build_wrapper(G, args.psi, res, args.label or 0)
    z_dim = int(G.z_dim)
    shape = (int(G.img_channels), res, res)
    z = torch.randn([args.trace_batch, z_dim], generator=torch.Generator().manual_seed(0))
    try:
        traced = torch.jit.trace(wrapper, z, check_trace=False)
    except Exception as e:
        fail(f"{args.pkl}: tracing failed ({type(e).__name__}: {str(e).splitlines()[0]})")

    class Exported(torch.nn.Module):
        def __init__(self, net):
            super().__init__()
            self.net = net
            self.z_dim = z_dim  # read by egeot (an int attribute of the module)
            self.img_resolution = res
            self.img_channels = shape[0]

        def forward(self, z):
            return self.net(z)

    exported = torch.jit.script(Exported(traced))
    tmp = f"{args.out}.tmp-{os.getpid()}"
    try:
        check(exported, wrapper, z_dim, shape, "traced module")
        exported.save(tmp)
        check(torch.jit.load(tmp), wrapper, z_dim, shape, "saved file")
        os.replace(tmp, args.out)
    except AssertionError as e:
        fail(f"{args.pkl}: the export does not meet the contract: {e}")
    except RuntimeError as e:  # TorchScript errors end with the one line that matters
        lines = [line for line in str(e).splitlines() if line.strip()]
        fail(f"{args.pkl}: the exported module fails at a batch size other than the traced "
             f"one ({lines[-1] if lines else type(e).__name__})")
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"wrote {args.out}: z_dim {z_dim}, images {shape[0]}x{res}x{res} in [0, 1], "
          f"psi {args.psi}" + (f", class {args.label}" if G.c_dim > 0 else ""))


if __name__ == "__main__":
    main()
