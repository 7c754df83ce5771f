"""``python -m services.notifications``"""

from common.runtime import serve
from services.notifications.bootstrap import build

if __name__ == "__main__":
    serve("notifications", build)
