"""Failed logins, counted per client address: after `limit` failures within `window` seconds the
address is locked out for `lockout` seconds, so a password cannot be guessed at network speed."""

from __future__ import annotations

import time
from collections.abc import Callable


class FailureLimiter:
    def __init__(
        self,
        limit: int = 5,
        window: float = 60.0,
        lockout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.lockout = limit, window, lockout
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}

    def locked(self, address: str) -> bool:
        until = self._locked_until.get(address)
        if until is None:
            return False
        if self._clock() >= until:
            del self._locked_until[address]
            return False
        return True

    def record_failure(self, address: str) -> None:
        now = self._clock()
        recent = [at for at in self._failures.get(address, []) if now - at < self.window]
        recent.append(now)
        if len(recent) >= self.limit:
            self._locked_until[address] = now + self.lockout
            recent = []
        self._failures[address] = recent

    def record_success(self, address: str) -> None:
        self._failures.pop(address, None)
