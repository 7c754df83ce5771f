"""``python -m services.deadlines``"""

from common.runtime import serve
from services.deadlines.bootstrap import build

if __name__ == "__main__":
    serve("deadlines", build)
