"""``python -m services.console``: the web console on CONSOLE_HOST:CONSOLE_PORT."""

import logging

import uvicorn

from services.console.bootstrap import build
from services.console.config import ConsoleSettings


def main() -> None:
    settings = ConsoleSettings()
    app = build(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s console: %(message)s")
    logging.getLogger("console").info(
        "console started at http://%s:%d/", settings.host, settings.port
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=False, server_header=False)  # fmt: skip


if __name__ == "__main__":
    main()
