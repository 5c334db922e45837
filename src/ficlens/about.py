__title__ = "ficlens"
__version__ = "0.1.0"
