"""The aiohttp request class: what each kind of failure is reported as, which decides what is retried.

A request that never left (no free connection in the pool) is :class:`NotSent`, safe to repeat;
one with no response in time is a plain ``TimedOut`` (Telegram may have acted on it); a refused
connection is a ``NetworkError``.  Against the emulated Bot API on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter  # how PTB builds a request's fields

from botproc import TOKEN
from bot.telegram.http import AiohttpRequest, NotSent
from telegram_emulator import Fault, TelegramEmulator


@pytest.fixture
def emulator():
    with TelegramEmulator(TOKEN) as running:
        yield running


def _url(emulator: TelegramEmulator, method: str) -> str:
    return f"{emulator.base_url}{TOKEN}/{method}"


async def test_a_request_is_sent_as_form_fields_and_its_answer_returned(emulator):
    user = TelegramEmulator.user(41, "Ann")
    emulator.private_chat(user)
    request = AiohttpRequest(pool_size=2, timeout=5)
    await request.initialize()
    try:
        data = RequestData([RequestParameter.from_input("chat_id", 41),
                            RequestParameter.from_input("text", "a & b <ok>")])
        status, body = await request.do_request(_url(emulator, "sendMessage"), "POST", data)
        refused, _ = await request.do_request(_url(emulator, "sendMessage"), "POST")
    finally:
        await request.shutdown()
    assert status == 200 and b'"ok": true' in body
    assert emulator.calls_to("sendMessage")[0].params == {"chat_id": 41, "text": "a & b <ok>"}
    assert refused == 400  # no chat at all: Telegram's answer comes back as it is


async def test_no_free_connection_in_time_is_not_sent_and_no_answer_in_time_may_have_been(emulator):
    emulator.faults.append(lambda call: Fault(delay=3) if call.method == "getMe" else None)
    request = AiohttpRequest(pool_size=1, timeout=5)
    await request.initialize()
    try:
        hanging = asyncio.ensure_future(request.do_request(_url(emulator, "getMe"), "POST", read_timeout=0.5))
        await asyncio.sleep(0.1)  # it holds the only connection now
        with pytest.raises(NotSent):
            await request.do_request(_url(emulator, "getMyCommands"), "POST", connect_timeout=0.05,
                                     pool_timeout=0.05)
        with pytest.raises(TimedOut) as timed_out:
            await hanging
        assert not isinstance(timed_out.value, NotSent)
    finally:
        await request.shutdown()
    assert [call.method for call in emulator.calls] == ["getMe"]  # the second never reached it


async def test_a_refused_connection_is_a_network_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(pool_size=1, timeout=5)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as refused:
            await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", "POST")
    finally:
        await request.shutdown()
    assert not isinstance(refused.value, TimedOut)
