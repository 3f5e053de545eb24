"""pyHanko's synchronous API runs `asyncio.run` inside; call it from a worker thread when the caller already
has a running event loop (an ASGI server, or Playwright's sync API in the tests), where that would fail."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_blocking(function: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()
