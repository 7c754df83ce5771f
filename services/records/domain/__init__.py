"""The case file: what happened to each strand, in order, never overwritten."""
