"""A Ctrl-C that cancels a socket's connect while asyncio's own callback is finishing it makes that callback fail
with InvalidStateError (a race inside the selector loop, seen under load in the feed-poll test). The loops evbot
runs requests on report it at debug level, so the interrupt stays one line; any other callback error is still
reported."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core import quiet_cancellation_races


def _run_callback_on_cancelled_future(quiet: bool, caplog: pytest.LogCaptureFixture) -> list[str]:
    loop = asyncio.new_event_loop()
    try:
        if quiet:
            quiet_cancellation_races(loop)
        fut = loop.create_future()
        fut.cancel()
        loop.call_soon(fut.set_result, None)  # what _sock_connect_cb does once Ctrl-C has cancelled the connect
        loop.call_soon(loop.stop)
        with caplog.at_level(logging.DEBUG, logger="asyncio"):
            loop.run_forever()
    finally:
        loop.close()
    return [r.getMessage() for r in caplog.records if r.name == "asyncio" and r.levelno >= logging.ERROR]


def test_a_callback_racing_a_cancelled_future_prints_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert _run_callback_on_cancelled_future(quiet=True, caplog=caplog) == []


def test_without_it_asyncio_reports_the_race_as_an_error(caplog: pytest.LogCaptureFixture) -> None:
    assert any("Exception in callback" in m for m in _run_callback_on_cancelled_future(quiet=False, caplog=caplog))
