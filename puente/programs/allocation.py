"""Stratified permuted-block randomisation. Pure Python.

Within each stratum (a site), allocations come in blocks whose size is drawn at random from the
allowed sizes; each block holds every arm equally often, in a random order. Varying the block size
keeps the end of a block from being guessed. The database keeps the drawn sequence (see
``AllocationSlot``) so that it is fixed in advance and only revealed one slot at a time, when an
enrolment is confirmed; this module draws the blocks and is also used to simulate a trial.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


def permuted_block(arms: Sequence[str], size: int, rng: random.Random) -> list[str]:
    if size <= 0 or size % len(arms):
        raise ValueError("a block size must be a positive multiple of the number of arms")
    block = [arm for arm in arms for _ in range(size // len(arms))]
    rng.shuffle(block)
    return block


def draw_block(arms: Sequence[str], block_sizes: Sequence[int], rng: random.Random) -> list[str]:
    return permuted_block(arms, rng.choice(list(block_sizes)), rng)


@dataclass(frozen=True)
class Allocation:
    stratum: Hashable
    arm: str
    block: int  # 1-based block number within the stratum
    position: int  # 1-based position within the stratum's sequence


class StratifiedBlockAllocator:
    """Allocates one arm per call, per stratum, from lazily drawn permuted blocks."""

    def __init__(self, arms: Sequence[str], block_sizes: Sequence[int], rng: random.Random) -> None:
        if len(arms) < 2:
            raise ValueError("a trial needs at least two arms")
        for size in block_sizes:
            if size <= 0 or size % len(arms):
                raise ValueError("block sizes must be multiples of the number of arms")
        self.arms, self.block_sizes, self.rng = list(arms), list(block_sizes), rng
        self._pending: dict[Hashable, deque[str]] = defaultdict(deque)
        self._blocks: dict[Hashable, int] = defaultdict(int)
        self._positions: dict[Hashable, int] = defaultdict(int)

    def allocate(self, stratum: Hashable) -> Allocation:
        pending = self._pending[stratum]
        if not pending:
            pending.extend(draw_block(self.arms, self.block_sizes, self.rng))
            self._blocks[stratum] += 1
        self._positions[stratum] += 1
        return Allocation(stratum, pending.popleft(), self._blocks[stratum], self._positions[stratum])


def max_imbalance(block_sizes: Sequence[int], n_arms: int) -> int:
    """The largest possible difference between two arms' counts in a stratum at any moment."""
    return max(block_sizes) // n_arms
