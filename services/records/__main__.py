"""``python -m services.records``"""

from common.runtime import serve
from services.records.bootstrap import build

if __name__ == "__main__":
    serve("records", build)
