"""``python -m bench.pipeline`` is the same as ``python -m bench pipeline``."""

import sys

from bench.pipeline.run import main

if __name__ == "__main__":
    sys.exit(main())
