"""The batch: running the brief notebook for many districts, warm kernels, run manifests."""
