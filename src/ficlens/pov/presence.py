"""Scene presence (who is in a scene: acts, speaks or is spoken to), a different question from the POV."""


from __future__ import annotations

from ..model import Character, Quote, Scene
from .scan import (
    _ParaStats,
)


def _presence(scene: Scene, stats: list[_ParaStats], quotes: list[Quote], chars: list[Character]) -> None:
    present: set[str] = set()
    for s in stats:
        present.update(c for c, n in s.acts.items() if n > 0)
        if scene.tense != "present":  # in a present-tense scene, "has sent" is what happened before it
            present.update(c for c, n in s.acts_perfect.items() if n > 0)
    for q in quotes:
        if q.speaker:
            present.add(q.speaker)
        present.update(q.addressees)
    if scene.pov:
        present.add(scene.pov)
    present.update(sh["pov"] for sh in scene.pov_shifts)
    order = {c.id: i for i, c in enumerate(chars)}
    scene.characters = sorted(present, key=lambda c: order.get(c, 1 << 30))
