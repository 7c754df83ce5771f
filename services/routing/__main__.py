"""``python -m services.routing``"""

from common.runtime import serve
from services.routing.bootstrap import build

if __name__ == "__main__":
    serve("routing", build)
