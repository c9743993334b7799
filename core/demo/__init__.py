"""Demo data: ``seed_demo`` runs each app's ``<app>/demo.py`` ``seed(ctx)`` in ORDER."""

import random
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class DemoContext:
    rng: random.Random
    size: str  # "small" for make run, "medium", "province" for benchmarks
    stdout: TextIO
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, password)
    shared: dict[str, Any] = field(default_factory=dict)  # objects one app's seed leaves for the next

    def scale(self, small: int, medium: int, province: int) -> int:
        return {"small": small, "medium": medium, "province": province}[self.size]
