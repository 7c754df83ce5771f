"""``python -m services.intake``"""

import asyncio

from common.logs import setup_logging
from common.settings import PlatformSettings
from services.intake.bootstrap import build

if __name__ == "__main__":
    platform = PlatformSettings()
    setup_logging("intake", platform.log_level, platform.log_json)
    asyncio.run(build(platform).run())
