"""Draws of two distinct positions, as ``Generator.choice(m, size=2, replace=False)`` makes them.

SPRITE (:mod:`osteostats.reconstruct.sprite`) draws a random pair of positions at every step of
its search, tens of thousands of times per sample; numpy's ``choice`` costs about 11 µs a call,
mostly argument handling. :class:`PairDraws` makes the same draws from the same generator in
well under a microsecond a pair: it reads the generator's raw 64-bit outputs in blocks and
applies numpy's own recipe to whole arrays of them, so the pairs and the generator's state
afterwards are exactly those of ``choice``.

Notes
-----
numpy (``Generator.choice``, ``replace=False``, ``shuffle=True``, ``size=2``) uses Floyd's
algorithm: ``a = bounded(m - 2)``, ``b = bounded(m - 1)``, ``b = m - 1`` if ``b == a``; then
a Fisher-Yates pass over the two, swapping them when ``bounded(1) == 0``. ``bounded(r)`` is
Lemire's nearly-divisionless method on 32-bit draws in ``[0, r]``; PCG64 hands out a 64-bit
output as its low, then its high 32 bits. Only PCG64 (``numpy.random.default_rng``) is
emulated, and only after :func:`emulation_matches` has compared the emulation with
``choice`` on this numpy; otherwise :func:`pair_draws` returns ``None`` and the caller uses
``choice`` itself. Tested against ``choice`` in ``tests/test_reconstruct.py``.
"""
from __future__ import annotations

import functools

import numpy as np

_MASK32 = 0xFFFFFFFF


class PairDraws:
    """``rng.choice(m, size=2, replace=False)`` for a PCG64-backed ``rng``; :meth:`close` when done.

    Pairs are worked out a block at a time with numpy from the generator's 32-bit stream (three
    draws a pair, numpy's recipe applied to whole arrays); a pair at which Lemire's method would
    draw again (a chance of about m / 2**32 per draw) and any ``m < 3`` are made one draw at a
    time. Only the pairs handed out count as used: :meth:`close` leaves the generator where
    ``choice`` would have left it after exactly those pairs.

    Examples
    --------
    >>> rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    >>> draws = PairDraws(rng_b)
    >>> [tuple(int(v) for v in rng_a.choice(48, size=2, replace=False)) for _ in range(3)] == [
    ...     draws.pair(48) for _ in range(3)]
    True
    >>> draws.close()
    >>> rng_a.bit_generator.state == rng_b.bit_generator.state
    True
    """

    def __init__(self, rng: np.random.Generator, block: int = 2048) -> None:
        self._bg = rng.bit_generator
        self._start = self._bg.state
        # The 32-bit draws in the order numpy hands them out: a buffered high half first, if any,
        # then each raw 64-bit output's low and high halves.
        self._lead = int(bool(self._start["has_uint32"]))
        self._halves = np.array([self._start["uinteger"]] * self._lead, dtype=np.uint64)
        self._block = block
        self._pos = 0  # 32-bit draws used by the pairs handed out before the queue
        self._m: int | None = None
        self._qa: list[int] = []
        self._qb: list[int] = []
        self._ends: list[int] = []  # draws used up to and including each queued pair
        self._q = 0  # queued pairs handed out

    def _fill(self, upto: int) -> None:
        """Make the first ``upto`` 32-bit draws available."""
        short = upto - self._halves.size
        if short > 0:
            n = max(self._block, (short + 1) // 2, self._halves.size // 4)
            raw = self._bg.random_raw(n)
            halves = np.empty(2 * n, dtype=np.uint64)
            halves[0::2] = raw & _MASK32
            halves[1::2] = raw >> 32
            self._halves = np.concatenate((self._halves, halves))

    def _next32(self) -> int:
        self._fill(self._pos + 1)
        self._pos += 1
        return int(self._halves[self._pos - 1])

    def _bounded(self, r: int) -> int:
        """A draw in [0, r] (Lemire), as numpy's ``random_bounded_uint64`` for r < 2**32 - 1."""
        if r == 0:
            return 0
        excl = r + 1
        m = self._next32() * excl
        left = m & _MASK32
        if left < excl:
            threshold = (_MASK32 - r) % excl
            while left < threshold:
                m = self._next32() * excl
                left = m & _MASK32
        return m >> 32

    def _settle(self) -> None:
        """Count the queued pairs handed out as used and drop the rest of the queue."""
        if self._q:
            self._pos = self._ends[self._q - 1]
        self._qa, self._qb, self._ends, self._q = [], [], [], 0

    def _queue(self, m: int) -> None:
        """Queue the next pairs for ``m``: a block at once, or one pair made draw by draw."""
        self._settle()
        self._m = m
        start, count = self._pos, self._block
        if m >= 3:
            self._fill(start + 3 * count)
            x, y, z = (self._halves[start + k: start + 3 * count: 3] for k in range(3))
            ma, mb = x * np.uint64(m - 1), y * np.uint64(m)  # < 2**64: both factors < 2**32
            # Lemire draws again where the low half is below 2**32 mod (r + 1); z (r = 1) never does
            again = ((ma & _MASK32) < ((1 << 32) % (m - 1))) | ((mb & _MASK32) < ((1 << 32) % m))
            count = int(again.argmax()) if again.any() else count
        if m < 3 or count == 0:
            a = self._bounded(m - 2)
            b = self._bounded(m - 1)
            if b == a:
                b = m - 1
            if self._bounded(1) == 0:
                a, b = b, a
            self._qa, self._qb, self._ends = [a], [b], [self._pos]
            self._pos = start
            return
        a, b = ma[:count] >> 32, mb[:count] >> 32
        b = np.where(b == a, np.uint64(m - 1), b)
        swap = (z[:count] >> 31) == 0  # bounded(1) == 0: the top bit of the draw is 0
        self._qa = np.where(swap, b, a).tolist()
        self._qb = np.where(swap, a, b).tolist()
        self._ends = (start + 3 * np.arange(1, count + 1)).tolist()

    def pair(self, m: int) -> tuple[int, int]:
        """Two distinct positions in ``range(m)``, ``m >= 2``, in ``choice``'s order."""
        q = self._q
        if m != self._m or q == len(self._qa):
            self._queue(m)
            q = 0
        self._q = q + 1
        return self._qa[q], self._qb[q]

    def close(self) -> None:
        """Leave the generator exactly where ``choice`` would have left it."""
        self._settle()
        used_halves = self._pos - self._lead  # halves of raw outputs used
        state_high = self._start["uinteger"]
        if used_halves <= 0:
            used, pending = 0, bool(self._lead) and self._pos == 0
        else:
            used, pending = (used_halves + 1) // 2, used_halves % 2 == 1
            state_high = int(self._halves[self._lead + 2 * used - 1])  # numpy keeps the last high half
        self._bg.state = self._start
        self._bg.advance(used)
        state = self._bg.state
        state["has_uint32"] = int(pending)
        state["uinteger"] = state_high
        self._bg.state = state


@functools.lru_cache(maxsize=None)
def emulation_matches() -> bool:
    """Whether :class:`PairDraws` reproduces this numpy's ``choice`` (pairs and final state)."""
    for seed, m in ((0, 3), (1, 48), (2, 29), (3, 1000)):
        ref, emu = np.random.default_rng(seed), np.random.default_rng(seed)
        ref.integers(0, 10, dtype=np.uint32)  # start with a buffered half, as after other draws
        emu.integers(0, 10, dtype=np.uint32)
        draws = PairDraws(emu, block=7)
        for _ in range(40):
            if tuple(int(v) for v in ref.choice(m, size=2, replace=False)) != draws.pair(m):
                return False
        draws.close()
        if ref.bit_generator.state != emu.bit_generator.state:
            return False
    return True


def pair_draws(rng: np.random.Generator) -> PairDraws | None:
    """A :class:`PairDraws` for ``rng``, or ``None`` when ``rng.choice`` must be used instead."""
    if type(rng.bit_generator).__name__ != "PCG64" or not emulation_matches():
        return None
    return PairDraws(rng)
