"""Benchmarks (not tests): ``python -m bench`` lists them."""
