"""Small stories of our own for batch tests: the same scene with different names, so each is a distinct work."""

from __future__ import annotations

from pathlib import Path

NAMES = [("Mara", "Tobin"), ("Elsie", "Rafe"), ("Nadia", "Corin"), ("Ivy", "Bram"), ("Lena", "Oskar"),
         ("Wren", "Dario"), ("Tess", "Milo"), ("Greta", "Silas")]


def story(she: str, he: str) -> str:
    return (
        f"{she} Hale pushed the door of the bakery open. The bell rang twice.\n\n"
        f'"You\'re late," {he} Varga said, not looking up from the dough.\n\n'
        f'"The bridge was closed," {she} said. She hung her coat on the hook. "Again."\n\n'
        f"{he} laughed and slid a tray of rolls toward her. She took one and sat by the window.\n\n"
        "***\n\n"
        f"That night {she} walked home along the river. She thought about the bakery, and about {he}, "
        f"and about the letter she had not opened yet.\n\n"
        f'"Tomorrow," she told the water. "I will read it tomorrow."\n'
    )


def write_stories(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (she, he) in enumerate(NAMES[:n]):
        p = folder / f"story{i}.txt"
        p.write_text(story(she, he), encoding="utf-8")
        paths.append(p)
    return paths
