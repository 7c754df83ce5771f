"""``python -m bench``: the benchmarks there are and how to run each."""

import pkgutil

import bench

if __name__ == "__main__":
    for module in pkgutil.iter_modules(bench.__path__):
        if not module.name.startswith("_"):
            print(f"python -m bench.{module.name} --help")
