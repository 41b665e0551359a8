"""Draws of two distinct positions, as ``Generator.choice(m, size=2, replace=False)`` makes them.

SPRITE (:mod:`osteostats.reconstruct.sprite`) draws a random pair of positions at every step of
its search, tens of thousands of times per sample; numpy's ``choice`` costs about 11 µs a call,
mostly argument handling. :class:`PairDraws` makes the same draws from the same generator in
about 2.5 µs: it reads the generator's raw 64-bit outputs in blocks and applies numpy's own
recipe, so the pairs and the generator's state afterwards are exactly those of ``choice``.

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
        self._pending = self._start["uinteger"] if self._start["has_uint32"] else None
        self._high = self._start["uinteger"]  # numpy keeps the last high half after handing it out
        self._block = block
        self._raws: list[int] = []
        self._pos = 0
        self._used = 0  # raw 64-bit outputs consumed

    def _next32(self) -> int:
        if self._pending is not None:
            value, self._pending = self._pending, None
            return value
        if self._pos == len(self._raws):
            self._raws = self._bg.random_raw(self._block).tolist()
            self._pos = 0
        raw = self._raws[self._pos]
        self._pos += 1
        self._used += 1
        self._pending = self._high = raw >> 32
        return raw & _MASK32

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

    def pair(self, m: int) -> tuple[int, int]:
        """Two distinct positions in ``range(m)``, ``m >= 2``, in ``choice``'s order."""
        a = self._bounded(m - 2)
        b = self._bounded(m - 1)
        if b == a:
            b = m - 1
        if self._bounded(1) == 0:
            a, b = b, a
        return a, b

    def close(self) -> None:
        """Leave the generator exactly where ``choice`` would have left it."""
        self._bg.state = self._start
        self._bg.advance(self._used)
        state = self._bg.state
        state["has_uint32"] = int(self._pending is not None)
        state["uinteger"] = self._high
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
