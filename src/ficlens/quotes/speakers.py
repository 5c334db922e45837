"""The one seam through which the quote stage creates characters (a first-person narrator, a described
speaker such as "the old man") and looks them up by name; creation goes through the character registry."""

from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.tokens import Token

from ..document import Document, Mention
from ..lexicons import table, wordlist
from ..settings import settings
from .common import _Lex

# determiners of a description that introduce someone the text has not met: "a woman", "another girl" ("the boy at
# the computer" may be the epithet of someone named later: fan fiction often calls its hero so)
_INTRODUCING = {"a", "an", "another"}


def _name_word(w: str) -> bool:
    """A word a name is made of: "May", "Okafor", "MJ", "O'Neill" (capitalised, letters, an apostrophe or a dot)."""
    core = w.replace("'", "").replace("’", "").replace(".", "")
    return core.isalpha() and w[:1].isupper() and (not w.isupper() or len(core) <= 4)


@cache
def _not_names() -> frozenset[str]:
    return wordlist("data/lexicons/not_names.txt") | wordlist("data/lexicons/name_stopwords.txt")


@cache
def _titles() -> frozenset[str]:
    words = {w.rstrip(".") for ws in table("data/lexicons/name_titles.toml").values() for w in ws}
    return frozenset(words | {w.rstrip(".") for w in wordlist("data/lexicons/titles.txt")})


@cache
def _stopwords() -> frozenset[str]:
    return wordlist("data/lexicons/name_stopwords.txt")


def name_gender(name: str) -> str:
    """The gender a name says by its title or first name ("Aunt May", "Hermione"), else "unknown"."""
    from ..characters.lex import lexicon

    lex = lexicon()
    words = [w.lower().rstrip(".") for w in name.split()]
    if not words:
        return "unknown"
    g = lex.title_gender.get(words[0]) or lex.title_gender.get(words[0] + ".")
    if g is None:
        g = lex.name_gender.get(words[0])
    return g or "unknown"


def add_character(doc: Document, name: str, gender: str = "unknown", first_start: int = 0) -> str:
    """A speaker the character stage did not list (the narrator, "the old man"), added through the character
    registry (the one owner of character ids); return its id."""
    return doc.registry.add(name, gender=gender, first_start=first_start)


class _Speakers:
    """Character lookups and the characters this stage adds (the narrator, described speakers)."""

    def __init__(self, doc: Document, lex: _Lex) -> None:
        self.doc = doc
        self.lex = lex
        self.gender = {c.id: c.gender for c in doc.analysis.characters}
        self.alias: dict[str, str] = {}
        last_words: dict[str, set[str]] = {}
        for c in doc.analysis.characters:
            for a in [c.name, *c.aliases]:
                self.alias.setdefault(a.lower(), c.id)
                words = a.split()
                if len(words) > 1 and words[-1][:1].isupper():
                    last_words.setdefault(words[-1], set()).add(c.id)
        # the last word of a character's full name, when only one character's names end so ("Captain John Good")
        self.last_word = {w: next(iter(ids)) for w, ids in last_words.items() if len(ids) == 1}
        self.narrator: str | None = None
        self.narrator_added = False
        self.described: dict[str, str] = {}
        self.created: dict[str, str] = {}  # a described speaker this stage added -> its head noun ("girl")
        # those of them described as someone in particular: someone new ("a thin, elderly gentleman") or someone's
        # ("Minty's young man")
        self.particular: set[str] = set()
        # (paragraph, token) of a tag subject left to the conversation as an epithet -> its gender
        # (``tag_subjects.open_epithet``: "returned the girl")
        self.left_open: dict[tuple[int, int], str] = {}
        self.introduced: dict[tuple[int, int], str] = {}  # (paragraph, token) of a description -> its character
        self._second: bool | None = None
        self._told_to_you = False
        self._you: str | None = None
        self.new_mentions: list[Mention] = []
        self.name_words = {w.lower() for c in doc.analysis.characters for a in [c.name, *c.aliases] for w in a.split()}
        self._listed: set[tuple[int, int]] | None = None

    @property
    def listed(self) -> set[tuple[int, int]]:
        """(paragraph, token) of every name the character stage resolved to a character (built on first use: few
        works ask; this stage resolves only mentions of its own, never those)."""
        if self._listed is None:
            self._listed = {
                (m.para, t) for m in self.doc.mentions if m.character is not None for t in range(m.tok, m.tok_end)
            }
        return self._listed

    def narrator_id(self, at: int) -> str:
        if self.narrator is None:
            # a first-person narrator the character stage resolved already
            votes = Counter(
                m.character for m in self.doc.mentions
                if m.kind == "pronoun" and not m.in_quote and m.gender_hint == "first" and m.character
            )
            named = self.doc.registry.get(self.doc.narrator_self) if self.doc.narrator_self else None
            if votes:
                self.narrator = votes.most_common(1)[0][0]
            elif named is not None:
                # the narration named the narrator (characters.self_named): that character, who also owns the
                # narration's unresolved "I"
                self.narrator = named.id
                self.narrator_added = True
            else:
                self.narrator = add_character(self.doc, "Narrator", first_start=at)
                self.narrator_added = True
            self.gender.setdefault(self.narrator, "unknown")
        return self.narrator

    def second_person(self) -> bool:
        """Whether the narration speaks to "you" as its main character ("You find him on the fire escape."), as
        the POV stage reads a scene's person: outside the quotations, at least three second-person pronouns, fewer
        than half as many first-person ones and at least 35% of the third-person ones (a novel's stray "you" is not
        enough; settings ``[quotes]``)."""
        if self._second is None:
            cfg = settings()["quotes"]
            hints = Counter(
                m.gender_hint for m in self.doc.mentions if m.kind == "pronoun" and not m.in_quote
            )
            second = hints["second"]
            third = hints["male"] + hints["female"] + hints["plural"]
            self._second = (
                second >= cfg["second_person_min"] and hints["first"] < cfg["first_per_second"] * second
                and second >= cfg["second_person_share"] * third
            )
            self._told_to_you = (
                second >= cfg["second_person_min"] and not self._second and hints["first"] >= cfg["second_person_min"]
            )
        return self._second

    def told_to(self, tok: Token) -> str | None:
        """"you said" in a first-person narration told to "you": the character the narration calls by name
        between commas in a sentence with "you" or "your" ("You were at the sink when I came in, Theo, sleeves
        pushed up."), the most often so called; None when it calls no one so, or for any other subject."""
        if tok.lower_ != "you" or self.second_person() or not self._told_to_you:
            return None
        if self._you is None:
            text = self.doc.text
            votes: Counter[str] = Counter()
            for m in self.doc.mentions:
                if m.kind != "name" or m.in_quote or m.character is None:
                    continue
                before = text[max(0, m.start - 2) : m.start]
                after = text[m.end : m.end + 1]
                if before != ", " or after not in (",", ".", "!", "?"):
                    continue
                d = self.doc.docs[m.para]
                sent = d[m.tok].sent
                reach = settings()["quotes"]["told_to_window"]
                near = d[max(sent.start, m.tok - reach) : min(sent.end, m.tok_end + reach)]
                c = self.doc.registry.get(self.alias.get(m.text.lower(), m.character))  # the character of that name
                if c is not None and any(t.lower_ in ("you", "your") for t in near):
                    votes[c.id] += 1
            self._you = votes.most_common(1)[0][0] if votes else ""
        return self._you or None

    def named(self, pi: int, tok: Token) -> str | None:
        """"said MJ", "Aunt May said": a proper noun the character stage did not list, as a speech tag's subject,
        is someone of that name (one character per name, its words as a name mention); None for a word that is
        no name ("said God", "said Monday", a sentence opener like "Perhaps")."""
        words = [t for t in tok.subtree if t.i <= tok.i and (t.i == tok.i or t.dep_ == "compound")]
        words = [t for t in words if t.i >= tok.i - len(words) + 1]  # only the words right before the head
        if not words or any(not _name_word(t.text) for t in words):
            return None
        if (len(words) == 1 and tok.lower_ in _not_names()) or tok.lower_ in self.lex.nonperson:
            return None  # "said May" may be the month; "Aunt May" is a name
        if len(words) == 1 and tok.lower_.rstrip(".") in _titles():
            return None  # "said Mademoiselle": a title alone is whoever the text calls so
        if any(c.dep_ == "det" for c in tok.children):
            return None  # "said the Invisible Man": an epithet, maybe of someone named
        if any(t.lower_ in self.name_words for t in words):
            return None  # "said Bear" with a "Pooh Bear" listed: maybe them, left to the conversation
        if tok.is_sent_start and len(words) == 1 and tok.text.istitle() and tok.lower_ in _stopwords():
            return None
        name = " ".join(t.text for t in words)
        key = name.lower()
        cid = self.alias.get(key)
        if cid is None:
            para = self.doc.paragraphs[pi]
            title = words[0].lower_ if len(words) > 1 else ""
            gender = self.lex.gendered.get(title) or name_gender(name)
            cid = add_character(self.doc, name, gender=gender, first_start=para.start + words[0].idx)
            self.gender[cid] = gender
            self.alias[key] = cid
        para = self.doc.paragraphs[pi]
        start, end = para.start + words[0].idx, para.start + tok.idx + len(tok.text)
        m = Mention(start, end, pi, words[0].i, tok.i + 1, "name", self.doc.text[start:end])
        self.doc.registry.attach(m, cid)
        self.new_mentions.append(m)
        return self.doc.registry.resolve(cid)

    def claim_narration(self) -> None:
        """The narrator this stage added owns the unresolved first-person pronouns of the narration."""
        if not self.narrator_added or self.narrator is None:
            return
        for m in self.doc.mentions:
            if m.kind == "pronoun" and m.gender_hint == "first" and not m.in_quote and m.character is None:
                self.doc.registry.attach(m, self.narrator)

    def describe(self, key: str, head: str, at: int, fresh: bool = False, name: str | None = None) -> str:
        """The character a description stands for ("old man", head "man"): someone new when ``fresh`` ("an old
        man said"), else the latest one described so ("the old man"), or the
        character the character stage gave that description as an alias; someone new otherwise (called ``name``
        when given)."""
        named = (name or f"the {key}").replace(" 's", "'s")
        cid = None if fresh else (
            self.described.get(key) or self.alias.get(named) or self.alias.get(key) or self.alias.get(head)
        )
        if cid is None:
            gender = self.lex.gendered.get(head, "unknown")
            cid = add_character(self.doc, named[:1].upper() + named[1:], gender=gender, first_start=at)
            self.gender[cid] = gender
            self.created[cid] = head
            if fresh or not named.startswith("the "):
                self.particular.add(cid)
        self.described[key] = cid
        return cid

    def epithets(self) -> dict[str, str]:
        """The described speakers this stage added under a noun for a person by sex, age or looks ("the girl",
        "that worthy woman"; not "the waiter", nor "a thin, elderly gentleman" or "Minty's young man", someone in
        particular), each with its gender: maybe someone the scene already has (``_Lex.epithets``)."""
        return {
            cid: self.gender.get(cid, "unknown") for cid, head in self.created.items()
            if head in self.lex.epithets and cid not in self.particular
        }

    def introducing(self, pi: int, before: int, gender: str) -> tuple[int, Token] | None:
        """The latest gendered description the narration introduced as a sentence's subject ("A woman in a
        bathrobe leans over the railing."), in paragraph ``pi`` before token ``before`` or in the paragraphs of
        the look-back: who a "she" or "he" with no character of that gender in reach stands for. Only a subject
        with "a", "an" or "another" and a noun of ``gender``, or a name the character stage did not list after a
        title of ``gender`` ("Aunt May"), outside any quotation counts."""
        quotes = self.doc.analysis.quotes
        for p in range(pi, max(-1, pi - settings()["quotes"]["lookback"] - 1), -1):
            d = self.doc.docs[p]
            para = self.doc.paragraphs[p]
            spans = [(q.start, q.end) for q in quotes if para.start <= q.start < para.end]
            end = before if p == pi else len(d)
            for tok in reversed(d[:end]):
                if tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if tok.pos_ == "PROPN":
                    # "Aunt May was waiting": a name the character stage did not list, after a title of the gender
                    if (p, tok.i) in self.listed or not any(
                        c.dep_ == "compound" and c.i == tok.i - 1 and self.lex.gendered.get(c.lower_) == gender
                        for c in tok.children
                    ):
                        continue
                elif tok.pos_ != "NOUN" or self.lex.gendered.get(tok.lower_) != gender or not any(
                    c.dep_ == "det" and c.lower_ in _INTRODUCING for c in tok.children
                ):
                    continue
                off = para.start + tok.idx
                if any(a <= off < b for a, b in spans):
                    continue
                return p, tok
        return None
