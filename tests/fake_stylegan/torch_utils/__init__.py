# Stand-in for stylegan2-ada-pytorch's torch_utils package (empty: the fake networks need none).
