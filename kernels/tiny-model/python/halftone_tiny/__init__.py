"""halftone-tiny: the PyTorch reference of docs/model.md, its checkpoint formats, trainer and exporter."""
