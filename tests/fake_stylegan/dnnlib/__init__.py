# Stand-in for stylegan2-ada-pytorch's dnnlib: only what legacy.py touches.
class EasyDict(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self[name] = value
