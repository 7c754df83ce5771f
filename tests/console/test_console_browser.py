"""The console as people use it, in headless Chromium: each role signs in; the central
team finds a case, sees its clocks and letters, extends a clock and sees the new date and
the letter; a partner is refused a confidential case; an operator replays a dead letter.
Every page passes axe-core (no serious or critical violation) and fits a laptop screen."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from datetime import date
from typing import Any

import pika
import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from services.console.domain.dates import uk_date
from tests.console.browsing import CHILDREN_PARTNER, PARTNER, go, ready_case, sign_in, text
from tests.console.conftest import DAY, Console, check_page
from tests.console.outcome_records import (
    APOLOGY,
    FINDING,
    LESSON,
    SOUGHT,
    hand_over_acknowledgement,
    outcome_sought,
    record_eligibility,
    record_outcomes,
)
from tests.support import infra
from tests.support.submissions import children_child_protection, dso_service_delivery

pytestmark = [pytest.mark.e2e, pytest.mark.console]


@pytest.fixture(scope="module")
async def cases(console: Console) -> dict[str, str]:
    return {
        "ordinary": await ready_case(console),
        "confidential": await ready_case(console, confidential=True),
        # Received five weeks before the platform's day: its response is overdue.
        "late": await ready_case(
            console, received_at="2026-09-28T09:30:00+00:00", subject="Visit cancelled"
        ),
        # What the complainant wants; a detained person without email: letters by hand.
        "outcomes": await ready_case(console, **outcome_sought()),
        # A child's confidential complaint about a council's children's services.
        "child": await ready_case(
            console,
            CHILDREN_PARTNER,
            children_child_protection(
                confidential=True,
                aspects=[{"kind": "service-delivery", "text": "My social worker missed visits."}],
            ),
        ),
    }


async def test_the_central_team_finds_a_case_sees_its_clocks_and_letters_and_extends_it(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    ref = cases["ordinary"]
    sign_in(browser, console, "central-team", "Ruth Central")
    assert browser.current_url.endswith("/cases")
    assert ref in text(browser)

    def breached_first(driver: Any) -> bool:  # once the deadlines service saw it breached
        driver.get(f"{console.url}/cases")
        rows = driver.find_elements(By.CSS_SELECTOR, "#cases tbody tr")
        return bool(rows) and cases["late"] in rows[0].text and "breached" in rows[0].text

    WebDriverWait(browser, 60, poll_frequency=1).until(breached_first)
    assert cases["late"] in browser.find_element(By.ID, "breached").text
    check_page(browser)
    browser.save_screenshot(str(console.shots / "caseload.png"))

    # Find it by its filters, then open it.
    browser.find_element(By.ID, "f-procedure").send_keys("dso")
    go(browser, By.CSS_SELECTOR, "form.filters button")
    go(browser, By.LINK_TEXT, ref)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(ref)
    clocks = browser.find_element(By.ID, "clocks").text
    assert "working day" in clocks, clocks  # the working behind each date
    letters = browser.find_element(By.ID, "letters").text
    assert "acknowledgement" in letters
    assert "England and Wales" in text(browser)
    check_page(browser)
    browser.save_screenshot(str(console.shots / "case.png"))
    before = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#clocks td.due")]

    # A letter's preview.
    go(browser, By.PARTIAL_LINK_TEXT, "Preview")
    assert "Subject" in text(browser)
    check_page(browser)
    browser.get(f"{console.url}/case/{ref}")

    # Extend the response clock: the new date and the extension letter appear.
    new_day = date(2026, 12, 21)
    browser.find_element(By.CSS_SELECTOR, "#act-extend summary").click()
    # A date input types in the browser's locale; its value is ISO whatever the locale.
    browser.execute_script(
        "arguments[0].value = arguments[1]",
        browser.find_element(By.ID, "extend-to"),
        new_day.isoformat(),
    )
    browser.find_element(By.ID, "extend-reason").send_keys("Agreed with the complainant")
    go(browser, By.CSS_SELECTOR, "#act-extend button[type=submit]")
    flash = browser.find_element(By.CSS_SELECTOR, ".flash").text
    assert flash.startswith("Extend a clock: "), flash

    seen: dict[str, Any] = {}

    def extended(driver: Any) -> bool:
        driver.refresh()
        seen["dues"] = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#clocks td.due")]
        seen["letters"] = driver.find_element(By.ID, "letters").text
        return uk_date(new_day.isoformat()) in seen["dues"] and "extension" in seen["letters"]

    try:
        WebDriverWait(browser, 60, poll_frequency=1).until(extended)
    except TimeoutException:
        pytest.fail(f"the new date and the extension letter did not show: {seen}")
    assert seen["dues"] != before
    check_page(browser)

    # Refused with the service's own reason: closing a case never answered needs one.
    browser.find_element(By.CSS_SELECTOR, "#act-close summary").click()
    go(browser, By.CSS_SELECTOR, "#act-close button[type=submit]")
    flash = browser.find_element(By.CSS_SELECTOR, ".flash").text
    assert flash.startswith("Close refused:") and "reason" in flash, flash
    check_page(browser)


async def test_a_partner_sees_its_case_and_is_refused_the_confidential_one(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    sign_in(browser, console, "partner", "Pat Partner", PARTNER)
    assert cases["ordinary"] in text(browser)
    assert cases["confidential"] not in text(browser)
    browser.get(f"{console.url}/case/{cases['confidential']}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Refused"
    reason = browser.find_element(By.CSS_SELECTOR, "[data-testid=reason]").text
    assert "confidential" in reason, reason
    check_page(browser)
    # The council that sent a child's confidential complaint is refused it too.
    sign_in(browser, console, "partner", "Cal Council", CHILDREN_PARTNER)
    browser.get(f"{console.url}/case/{cases['child']}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Refused"
    check_page(browser)
    # The refusal is in the case's access log, as for a gRPC call.
    sign_in(browser, console, "auditor", "Audrey Auditor")
    browser.get(f"{console.url}/case/{cases['confidential']}")
    log = browser.find_element(By.XPATH, "//details[summary[contains(., 'Who read')]]")
    log.find_element(By.TAG_NAME, "summary").click()
    assert "Pat Partner" in log.text and "denied" in log.text, log.text


async def test_an_assigned_officer_sees_the_case_but_not_its_routing_decision(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    ref = cases["ordinary"]
    sign_in(browser, console, "central-team", "Ruth Central")
    browser.get(f"{console.url}/case/{ref}")
    browser.find_element(By.CSS_SELECTOR, "#act-assign-officer summary").click()
    browser.find_element(By.ID, "assign-officer-officer").send_keys("Ian Officer")
    go(browser, By.CSS_SELECTOR, "#act-assign-officer button[type=submit]")
    flash = browser.find_element(By.CSS_SELECTOR, ".flash").text
    assert flash.startswith("Assign an officer: "), flash

    sign_in(browser, console, "investigating-officer", "Ian Officer")

    def listed(driver: Any) -> bool:  # once the officer's assignment reached the services
        driver.get(f"{console.url}/cases")
        return ref in text(driver)

    WebDriverWait(browser, 60, poll_frequency=1).until(listed)
    go(browser, By.LINK_TEXT, ref)
    assert "Ian Officer" in browser.find_element(By.CSS_SELECTOR, "dl.summary").text
    routing = browser.find_element(By.XPATH, "//section[h2[@id='h-routing']]").text
    assert "Not shown:" in routing, routing  # RoutingService.Explain is not theirs
    assert "acknowledgement" in browser.find_element(By.ID, "letters").text
    check_page(browser)


@pytest.mark.parametrize(
    ("role", "home", "heading"),
    [
        ("investigating-officer", "/cases", "Caseload"),
        ("childrens-complaints-officer", "/cases", "Caseload"),
        ("auditor", "/cases", "Caseload"),
        ("operator", "/ops", "Operations"),
    ],
)
async def test_each_role_signs_in_to_its_home_page(
    console: Console, browser: Any, cases: dict[str, str], role: str, home: str, heading: str
) -> None:
    sign_in(browser, console, role, f"Someone {role}")
    assert browser.current_url.endswith(home)
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    check_page(browser)
    if role == "investigating-officer":  # sees only cases assigned to them: none yet
        assert cases["ordinary"] not in text(browser)
    if role == "childrens-complaints-officer":  # children's complaints only, confidential too
        assert cases["child"] in text(browser) and cases["ordinary"] not in text(browser)
        go(browser, By.LINK_TEXT, cases["child"])
        assert "children" in browser.find_element(By.CSS_SELECTOR, "dl.summary").text
        check_page(browser)
    if role == "operator":  # queues, not complaints: the records service refuses
        browser.get(f"{console.url}/cases")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Refused"


async def test_the_central_team_reads_a_report_as_a_chart_and_a_table(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    sign_in(browser, console, "central-team", "Ruth Central")
    browser.get(f"{console.url}/reports?kind=kpi&year=2026")
    assert "Answered in time" in text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
    assert "dso" in browser.find_element(By.TAG_NAME, "table").text
    check_page(browser)
    browser.save_screenshot(str(console.shots / "report.png"))
    # The CSV the link downloads, fetched with the browser's session.
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Download as CSV").get_attribute("href")
    cookie = browser.get_cookie("console_session")
    request = urllib.request.Request(link, headers={"Cookie": f"console_session={cookie['value']}"})
    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 - local http
        assert reply.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(reply.read().decode())))
    assert rows[0] == ["Key performance indicators"]
    assert rows[1][:3] == ["Procedure", "Stage", "Stages"]
    assert ["dso", "service_delivery"] in [r[:2] for r in rows[2:]], rows
    browser.get(f"{console.url}/reports?kind=hmip-annual&year=2026")
    check_page(browser)
    browser.get(f"{console.url}/reports?kind=kpi&year=1999")
    assert "year: a year such as 2026" in text(browser)


async def test_an_operator_replays_a_dead_letter_after_confirming(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    amqp = console.stack.platform.amqp_url
    body = dso_service_delivery(subject="Replayed from the dead letters")
    dead_letter(amqp, "intake.submissions", "intake", f"submit.{PARTNER}", "console-dead-1", body)
    sign_in(browser, console, "operator", "Olu Operator")
    browser.get(f"{console.url}/ops")
    page = browser.find_element(By.ID, "dead-letters").text
    assert "console-dead-1" in page and "a partner reference is required" in page, page
    check_page(browser)
    browser.save_screenshot(str(console.shots / "operations.png"))
    go(browser, By.PARTIAL_LINK_TEXT, "Replay")
    assert "Replay console-dead-1?" in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser)
    go(browser, By.XPATH, "//button[contains(., 'Yes, replay it')]")
    flash = browser.find_element(By.CSS_SELECTOR, ".flash").text
    assert flash.startswith("Replayed console-dead-1"), flash
    assert "console-dead-1" not in browser.find_element(By.ID, "dead-letters").text
    # It went back to intake: the complaint it carries is filed.
    sign_in(browser, console, "central-team", "Ruth Central")

    def filed(driver: Any) -> bool:
        driver.get(f"{console.url}/cases?procedure=dso")
        # The fixture's DSO complaints, and now the replayed one.
        dso = sum(1 for name in cases if name != "child")
        return len(driver.find_elements(By.CSS_SELECTOR, "#cases tbody a")) >= dso + 1

    WebDriverWait(browser, 60, poll_frequency=1).until(filed)
    check_page(browser)


async def test_the_case_shows_what_is_wanted_remedies_learning_alternatives_and_letters(
    console: Console, browser: Any, cases: dict[str, str]
) -> None:
    ref, secret = cases["outcomes"], cases["confidential"]
    await record_outcomes(console, ref)
    await record_outcomes(console, secret, words=" (confidential)")
    await record_eligibility(console, cases["child"])
    await hand_over_acknowledgement(console, ref.split("/")[0])
    sign_in(browser, console, "central-team", "Ruth Central")
    browser.get(f"{console.url}/case/{ref}")

    def section(name: str) -> str:
        return browser.find_element(By.ID, name).text

    wants = section("wants")
    assert SOUGHT in wants and "Upheld" in wants and FINDING in wants, wants
    remedies = section("remedies")
    for words in (APOLOGY, "£400.00", "Approved by", "Ian Officer", "Finance team"):
        assert words in remedies, (words, remedies)
    assert "2 commitments outstanding, none overdue." in remedies, remedies
    assert LESSON in section("learning") and "Record keeping" in section("learning")
    assert "Mediation" in section("alternatives") and "Sam Mediator" in section("alternatives")
    ack = browser.find_element(
        By.XPATH, "//section[@id='letters']//tr[contains(., 'acknowledgement')]"
    )
    assert "by hand" in ack.text and "handed over" in ack.text, ack.text
    check_page(browser, strict=True)
    browser.execute_script("document.getElementById('letters').scrollIntoView()")
    browser.save_screenshot(str(console.shots / "console-case-letters.png"))

    # Two days on, the apology (R1) is overdue: highlighted here and on the caseload.
    infra.set_day(console.stack.platform.clock_file, date(2026, 11, DAY.day + 3))
    browser.refresh()
    assert "1 overdue: R1" in section("commitments-summary")
    late = browser.find_element(By.CSS_SELECTOR, "#remedies tr.c-overdue").text
    assert late.startswith("R1 Apology") and "overdue" in late, late
    check_page(browser, strict=True)
    browser.execute_script("document.getElementById('wants').scrollIntoView()")
    browser.save_screenshot(str(console.shots / "console-case-outcomes.png"))
    browser.get(f"{console.url}/cases")
    overdue = section("overdue-commitments")
    assert ref in overdue and "R1 apology" in overdue and secret in overdue, overdue
    check_page(browser, strict=True)

    # A child's eligibility, for the Children's Complaints Officer who may read it.
    sign_in(browser, console, "childrens-complaints-officer", "Cara CCO")
    browser.get(f"{console.url}/case/{cases['child']}")
    assert "Child in need: a qualifying individual" in section("alternatives")
    check_page(browser, strict=True)

    # Whoever may not read the confidential case sees none of it.
    for role, name, partner in [
        ("partner", "Pat Partner", PARTNER),
        ("investigating-officer", "Ian Officer", ""),
    ]:
        sign_in(browser, console, role, name, partner)
        browser.get(f"{console.url}/case/{secret}")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Refused", role
        assert "(confidential)" not in browser.page_source, role
        assert not browser.find_elements(By.ID, "remedies"), role


def dead_letter(
    amqp_url: str, queue: str, exchange: str, key: str, message_id: str, body: dict[str, Any]
) -> None:
    """A message in ``queue``'s DLQ as common.consumer.dead_letter leaves one."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        errors = [
            {
                "field": "partner_ref",
                "rule": "required",
                "message": "a partner reference is required",
            }
        ]
        conn.channel().basic_publish(
            "complaints.dlx",
            queue,
            json.dumps(body).encode(),
            pika.BasicProperties(
                message_id=message_id,
                type=key,
                content_type="application/json",
                delivery_mode=2,
                headers={
                    "schema_version": 1,
                    "x-rejection": json.dumps(errors),
                    "x-original-exchange": exchange,
                    "x-original-routing-key": key,
                },
            ),
        )
    finally:
        conn.close()


async def test_the_accessibility_check_fails_a_page_that_breaks_the_rules(browser: Any) -> None:
    """The check can fail: a form field with no label, and text too faint to read."""
    browser.get(
        "data:text/html,<html lang=en><title>t</title><main><h1>t</h1>"
        "<input type=text><p style='color:%23ccc'>faint</p></main></html>"
    )
    with pytest.raises(AssertionError, match="accessibility violations"):
        check_page(browser)
