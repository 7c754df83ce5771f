"""``python -m services.notifications``"""

import asyncio

from common.logs import setup_logging
from common.settings import PlatformSettings
from services.notifications.bootstrap import build

if __name__ == "__main__":
    platform = PlatformSettings()
    setup_logging("notifications", platform.log_level, platform.log_json)
    asyncio.run(build(platform).run())
