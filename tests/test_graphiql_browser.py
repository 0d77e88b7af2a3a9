"""GraphiQL as a developer meets it: headless Chromium (Debian's, installed by `make test`) loads the page
the hub serves in development, with every host but loopback unresolvable, finds the schema in the Docs pane,
and runs the flagship operation it opens on. A screenshot is kept beside the test's files."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from hub.config import Settings
from hub.ide.assets import install
from tests.served import serving

WAIT = 60
"""Seconds a step may take in a busy machine's headless browser."""


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and chromedriver, "chromium and chromedriver are missing: `make test` installs them"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def until(browser: WebDriver, found: Callable[[WebDriver], object]) -> None:
    WebDriverWait(browser, WAIT, poll_frequency=0.2).until(found)


def text(browser: WebDriver, selector: str) -> str:
    return str(browser.find_element(By.CSS_SELECTOR, selector).text)


def test_graphiql_offline_shows_the_schema_and_runs_the_flagship(
    seeded: AsyncDriver, settings: Settings, browser: WebDriver, tmp_path: Path
) -> None:
    install()  # nothing when `make` has installed the files
    with serving(settings) as base:
        browser.get(f"{base}/graphql")
        until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".graphiql-container"))
        assert "query CompaniesInTalentProjects" in text(browser, ".graphiql-query-editor")

        browser.find_element(By.CSS_SELECTOR, "[aria-label='Show Documentation Explorer']").click()
        until(browser, lambda b: "Query" in b.find_element(By.CSS_SELECTOR, ".graphiql-doc-explorer").text)
        browser.find_element(
            By.CSS_SELECTOR, ".graphiql-doc-explorer a.graphiql-doc-explorer-type-name"
        ).click()
        until(
            browser, lambda b: "companies" in b.find_element(By.CSS_SELECTOR, ".graphiql-doc-explorer").text
        )

        browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
        until(browser, lambda b: "totalCount" in text(b, ".result-window"))
        result = text(browser, ".result-window")
        browser.save_screenshot(str(tmp_path / "graphiql.png"))
        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(entry => entry.name)"
        )
    assert '"errors"' not in result
    assert loaded and all(name.startswith(base) for name in loaded)
