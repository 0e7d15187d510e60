"""Writes what the AFHQ path needs, in miniature, for tests/cli_images.sh:
  OUT/afhq/{train,val}/{cat,dog}/*.png  small RGB pictures in the standard AFHQ layout
                                         (cats reddish discs, dogs bluish squares), plus
                                         one corrupt .jpg among the cats that must be skipped;
  OUT/dog-generator.pt                   a TorchScript generator meeting egeot's contract
                                         (z [B, 8] -> images [B, 3, 16, 16] in [0, 1]).
Run with Debian's python3-torch: /usr/bin/python3 make_afhq_stand_in.py OUT
"""
import os
import struct
import sys
import zlib

import torch


def write_png(path, rgb):  # rgb: [H, W, 3] uint8 tensor
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + bytes(rgb[y].flatten().tolist()) for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw)))
        f.write(chunk(b"IEND", b""))


def picture(kind, g, size=32):
    yy, xx = torch.meshgrid(torch.arange(size).float(), torch.arange(size).float(), indexing="ij")
    cx, cy = (torch.rand(2, generator=g) * 8 + size / 2 - 4).tolist()
    r = float(torch.rand(1, generator=g) * 4 + 6)
    if kind == "cat":
        mask = ((xx - cx) ** 2 + (yy - cy) ** 2) < r * r
        colour = torch.tensor([220.0, 90.0, 60.0])
    else:
        mask = ((xx - cx).abs() < r) & ((yy - cy).abs() < r)
        colour = torch.tensor([60.0, 90.0, 220.0])
    img = torch.full((size, size, 3), 30.0)
    img[mask] = colour
    img += torch.randn(size, size, 3, generator=g) * 8
    return img.clamp(0, 255).to(torch.uint8)


class DogGenerator(torch.nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(3)
        self.w = torch.nn.Parameter(torch.randn(8, 3 * 16 * 16, generator=g) * 0.5)
        self.b = torch.nn.Parameter(torch.zeros(3 * 16 * 16))

    def forward(self, z):
        return torch.sigmoid(z @ self.w + self.b).view(-1, 3, 16, 16)


def main():
    out = sys.argv[1]
    g = torch.Generator().manual_seed(0)
    for split, n in (("train", 12), ("val", 4)):
        for kind in ("cat", "dog"):
            d = os.path.join(out, "afhq", split, kind)
            os.makedirs(d, exist_ok=True)
            for i in range(n):
                write_png(os.path.join(d, f"pixabay_{kind}_{i:04d}.png"), picture(kind, g))
    with open(os.path.join(out, "afhq", "train", "cat", "broken.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    torch.jit.script(DogGenerator()).save(os.path.join(out, "dog-generator.pt"))
    print("wrote", out)


if __name__ == "__main__":
    main()
