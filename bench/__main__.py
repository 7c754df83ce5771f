"""``python -m bench``: the benchmarks there are; ``python -m bench NAME [options]`` runs one."""

import importlib
import inspect
import pkgutil
import sys

import bench


def _names() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")]


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        for name in _names():
            print(f"python -m bench {name} --help")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in _names():
        print(f"no benchmark {name!r}; there are: {', '.join(_names())}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.{name}")
    sys.argv = [f"python -m bench {name}", *rest]  # for benchmarks that read sys.argv
    run = getattr(module, "main", None)
    if run is None:
        print(f"bench.{name} is not a benchmark to run (it has no main)", file=sys.stderr)
        return 2
    code = run(rest) if inspect.signature(run).parameters else run()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
