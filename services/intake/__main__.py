"""``python -m services.intake``"""

from common.runtime import serve
from services.intake.bootstrap import build

if __name__ == "__main__":
    serve("intake", build)
