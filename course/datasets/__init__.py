"""One module per course module, each defining ``DATASETS``."""
