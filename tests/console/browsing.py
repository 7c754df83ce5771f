"""What the console's browser tests do as people: sign in, follow a link or a form to the
next page, read the page; and a complaint made ready (routed, clocks started,
acknowledgement planned) through the running services."""

from __future__ import annotations

from typing import Any

import grpc
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from complaints.v1 import deadlines_pb2, deadlines_pb2_grpc, notifications_pb2
from complaints.v1 import notifications_pb2_grpc as notifications_grpc
from tests.console.conftest import Console, check_page
from tests.e2e.conftest import submit
from tests.support.grpc_client import metadata, wait_until
from tests.support.submissions import dso_service_delivery

PARTNER = "yarlswood"
CHILDREN_PARTNER = "westshire"


def sign_in(driver: Any, console: Console, role: str, name: str, partner: str = "") -> None:
    driver.get(f"{console.url}/signin")
    check_page(driver)
    driver.find_element(By.ID, f"role-{role}").click()
    driver.find_element(By.ID, "name").clear()
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "partner").clear()
    if partner:
        driver.find_element(By.ID, "partner").send_keys(partner)
    go(driver, By.CSS_SELECTOR, "form.form button[type=submit]")
    assert name in driver.find_element(By.CSS_SELECTOR, ".who").text


def go(driver: Any, by: str, what: str) -> None:
    """Click what navigates, and wait until the next page replaced this one."""
    element = driver.find_element(by, what)
    element.click()
    # Asked mid-navigation, Chromium may answer "unhandled inspector error": ask again.
    WebDriverWait(driver, 30, ignored_exceptions=[WebDriverException]).until(
        ec.staleness_of(element)
    )


def text(driver: Any) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


async def ready_case(
    console: Console, partner: str = PARTNER, body: dict[str, Any] | None = None, **overrides: Any
) -> str:
    """A complaint submitted by ``partner``, routed, its clocks started and its
    acknowledgement planned; its first strand's reference."""
    stack = console.stack
    ref = await submit(stack, partner, body or dso_service_delivery(**overrides))
    central = metadata(stack.platform)
    clocks = deadlines_pb2_grpc.DeadlineServiceStub(
        grpc.aio.insecure_channel(stack.addr("deadlines"))
    )
    letters = notifications_grpc.NotificationServiceStub(
        grpc.aio.insecure_channel(stack.addr("notifications"))
    )

    async def ready() -> bool:
        try:
            c = await clocks.GetClocks(
                deadlines_pb2.GetClocksRequest(reference=ref), metadata=central, timeout=5
            )
            n = await letters.ListNotifications(
                notifications_pb2.ListNotificationsRequest(reference=ref),
                metadata=central,
                timeout=5,
            )
        except grpc.aio.AioRpcError:
            return False
        return bool(c.clocks) and any(x.template == "acknowledgement" for x in n.notifications)

    await wait_until(ready, timeout=90)
    return f"{ref}/1"
