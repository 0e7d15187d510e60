# Stand-in for stylegan2-ada-pytorch's legacy.py: load_network_pkl with the same name, the
# same signature and the same checks on what the pickle holds (G, D and G_ema modules).
import pickle

import torch

import dnnlib  # noqa: F401  (the real legacy.py imports it; keep the import path honest)


def load_network_pkl(f, force_fp16=False):
    data = pickle.Unpickler(f).load()
    if "training_set_kwargs" not in data:
        data["training_set_kwargs"] = None
    if "augment_pipe" not in data:
        data["augment_pipe"] = None
    assert isinstance(data["G"], torch.nn.Module)
    assert isinstance(data["D"], torch.nn.Module)
    assert isinstance(data["G_ema"], torch.nn.Module)
    return data
