"""Expected results shared by the ingest tests (the story in tests/fixtures/formats)."""

from __future__ import annotations

from ficlens.ingest.base import GivenTags

CH1 = (
    "Chapter 1: The Lamp Room\n\n"
    "The storm came in sideways, the way Auntie Wren always said the bad ones did, and by six o\u2019clock "
    "the lamp room smelled of salt and hot brass.\n\n"
    "\u201cYou\u2019re dripping on my logbook,\u201d Mara said without looking up.\n\n"
    "Tobias shook his coat out over the stairwell instead. \u201cYou\u2019re welcome for the paraffin.\n"
    "I carried it up ninety-one steps.\u201d\n\n\n\n"
    "\u201cNinety-two. You always miss the cracked one.\u201d\n\n"
    "* * *\n\n"
    "At midnight the radio crackled. Mara caught the handset before the second burst of static.\n\n"
    "\u201cSaltmarsh Light, this is the Wren\u2019s Nest,\u201d said a voice she knew. \u201cWe see you. "
    "We\u2019re turning for the channel.\u201d\n\n"
    "Tobias let out a breath he\u2019d clearly been holding since supper. \u201cYour aunt is out "
    "there?\u201d\n\n"
    "\u201cMy aunt,\u201d Mara said, \u201cis always out there.\u201d"
)
CH2 = (
    "Chapter 2: Low Tide\n\n"
    "By morning the sea had gone flat and sulky, as if it were embarrassed about the night before.\n\n"
    "Auntie Wren climbed the path with a bucket of mussels and no apology whatsoever. \u201cKettle on?\u201d "
    "she asked.\n\n"
    "\u201cIt\u2019s been on since four,\u201d Mara said. \u201cSome of us were worried.\u201d\n\n"
    "~\n\n"
    "\u201cSome of us,\u201d Tobias added, \u201ccounted every flash.\u201d\n\n"
    "Wren set the bucket down and looked from one of them to the other. \u201cWell,\u201d she said. "
    "\u201cSomebody had to keep the light.\u201d"
)
AO3_TEXT = CH1 + "\n\n" + CH2
AO3_TAGS = GivenTags(
    rating="Teen And Up Audiences",
    warnings=["No Archive Warnings Apply"],
    categories=["F/M", "Gen"],
    fandoms=["Saltmarsh Chronicles (TV)"],
    relationships=["Mara Quill/Tobias Fenn", "Mara Quill & Auntie Wren"],
    characters=["Mara Quill", "Tobias Fenn", "Auntie Wren"],
    freeform=["Fluff", "Hurt/Comfort", "Lighthouses", "Storms"],
    words=1234,
)
AO3_SUMMARY = (
    "A storm, a lamp room, and a fishing boat that has to come home.\n\nMara keeps the light. Tobias keeps count."
)
NOTE_MARKERS = (
    "WORK NOTE", "BEGINNING NOTE", "END NOTE ONE", "WORK END NOTE", "Chapter Notes", "End Notes",
    "Posted originally", "Summary", "Preface", "Afterword", "comment",
)
