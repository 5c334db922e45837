"""Name mentions grouped into characters: full names, titled names, first names and nicknames."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..document import Mention
from ..fandoms.kb import KnowledgeBase
from ..fandoms.kb_model import KBCharacter
from ..settings import settings
from .lex import Lexicon
from .names import is_diminutive

_THIRD = {"male", "female"}
# weights and thresholds: data/settings.toml [characters] (documented there)
_CFG = settings()["characters"]
_TITLED_HOST_MIN = _CFG["titled_host_min"]
_NO_TITLED_HOST = set(_CFG["no_titled_host"])
_DIMINUTIVE_HOST_SHARE = _CFG["diminutive_host_share"]
_RARE_FULL_NAME_MAX = _CFG["rare_full_name_max"]
_RARE_FULL_NAME_RATIO = _CFG["rare_full_name_ratio"]
# descriptions relative to another character ("his brother") are mentions but not aliases
_RELATIVE = {"his", "her", "their", "my", "your", "our", "its"}


class _Tally(dict[str, float]):
    """A Counter of float weights (``Counter[str]`` is typed int-valued): a missing key counts 0 and is not
    stored, as in a Counter."""

    def __missing__(self, key: str) -> float:
        return 0


@dataclass(eq=False)
class _Cluster:
    keys: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # name mentions
    surfaces: Counter[str] = field(default_factory=Counter)
    descriptions: Counter[str] = field(default_factory=Counter)
    title_votes: Counter[str] = field(default_factory=Counter)
    pron_votes: Counter[str] = field(default_factory=Counter)
    kb: list[KBCharacter] = field(default_factory=list)
    gender: str = "unknown"
    extra: int = 0  # resolved pronoun and description mentions
    merged_into: _Cluster | None = None
    narrator: str | None = None  # "first" / "second" for the narrator cluster
    married: bool = False  # a single name under a married woman's title ("Mrs. Bennet")
    # a titled surname ("Monsieur Poirot") whose one full name of that surname ("Hercule Poirot") has a first
    # name of unknown gender: it joins that name once the pronouns have given it the title's gender
    pending: _Cluster | None = None

    def root(self) -> _Cluster:
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c

    def absorb(self, other: _Cluster) -> None:
        self.keys.extend(other.keys)
        self.mentions.extend(other.mentions)
        self.surfaces.update(other.surfaces)
        self.title_votes.update(other.title_votes)
        for k in other.kb:
            if k not in self.kb:
                self.kb.append(k)
        other.merged_into = self

    @property
    def words(self) -> list[str]:
        return max(self.keys, key=lambda k: (len(k.split()), k)).split() if self.keys else []

    @property
    def first(self) -> str:
        w = self.words
        return w[0] if w else ""

    @property
    def surnames(self) -> set[str]:
        """Last words of its full names, seen or in its knowledge-base candidates."""
        out = {k.split()[-1] for k in self.keys if " " in k}
        out.update(k.name.split()[-1].lower() for k in self.kb if " " in k.name)
        return out


def _prior_gender(c: _Cluster, lx: Lexicon) -> str:
    if c.title_votes:
        g, n = c.title_votes.most_common(1)[0]
        if n * 2 > sum(c.title_votes.values()):
            return g
    return _name_gender(c, lx)


def _name_gender(c: _Cluster, lx: Lexicon) -> str:
    """The gender of the first names the cluster is called by, weighed by mentions ("Will Helen" once and
    "Helen" often is a woman)."""
    votes: Counter[str] = Counter()
    if c.mentions:
        for m in c.mentions:
            if m.key and not _titled(m):
                votes[_word_gender(m.key, lx)] += 1
    else:
        votes.update(_word_gender(k, lx) for k in c.keys)
    votes.pop("", None)
    votes.pop("unknown", None)
    if not votes:
        return "unknown"
    g, n = votes.most_common(1)[0]
    return g if n * 2 > sum(votes.values()) else "unknown"


def _word_gender(key: str, lx: Lexicon) -> str:
    """The gender of a name's first word by the first-name list, or of a one-word name that is a gendered
    noun used as a name ("Nanny", "Granny")."""
    first = key.split()[0]
    g = lx.name_gender.get(first, "")
    if not g and " " not in key:
        g = lx.gendered_nouns.get(first, "")
    return g


def _titled(m: Mention) -> bool:
    return len(m.text.split()) > len(m.key.split())


def _title_of(m: Mention, lx: Lexicon) -> str | None:
    """The title a name mention was written with ("mrs" for "Mrs. Bennet"), without its period, or None."""
    words = m.text.split()
    if len(words) <= len(m.key.split()):
        return None
    t = words[0].lower()
    return t.rstrip(".") if t in lx.titles or t.rstrip(".") in lx.titles else None


def _spouse_title(m: Mention, lx: Lexicon) -> str | None:
    """The title of a full name written under a title of the other gender than its first name ("Mrs. Charles
    Wilcox", "Mrs. John Dashwood": the wife called by her husband's name), else None."""
    if " " not in m.key:
        return None
    t = _title_of(m, lx)
    if t is None:
        return None
    tg, ng = lx.title_gender.get(t), lx.name_gender.get(m.key.split()[0])
    return t if tg in _THIRD and ng in _THIRD and tg != ng else None


def _compatible(a: str, b: str) -> bool:
    return a == "unknown" or b == "unknown" or a == b


def fandom_support(clusters: list[_Cluster]) -> Counter[str]:
    """Fandom -> how many clusters have a knowledge-base candidate in it."""
    support: Counter[str] = Counter()
    for c in clusters:
        support.update({k.fandom for k in c.kb})
    return support


def _group_names(
    names: list[Mention], kb: KnowledgeBase | None, lx: Lexicon, titles: Mapping[int, str] | None = None
) -> tuple[list[_Cluster], dict[str, list[_Cluster]]]:
    """Clusters of name mentions, and ambiguous group key -> the clusters it may belong to. ``titles``: id of a
    mention -> a title found before it apart from the name (across a line break)."""
    groups: dict[str, _Cluster] = {}
    title_gender: dict[str, str | None] = {}  # titled group key -> the gender its title implies (None: a rank)
    for m in names:
        # a full name's title is no part of its key, but "Mrs. Charles Wilcox" is not Charles Wilcox: grouped apart
        title = (_title_of(m, lx) or (titles or {}).get(id(m))) if " " not in m.key else _spouse_title(m, lx)
        single_titled = title is not None
        hint = m.gender_hint if m.gender_hint in _THIRD else lx.title_gender.get(title or "")
        # one name under a title is grouped by the title's class: "Miss Hale" and "Mrs. Hale" are two women
        gk = f"{m.key}|{lx.title_class.get(title, title)}" if title is not None else m.key
        c = groups.get(gk)
        if c is None:
            c = groups[gk] = _Cluster(keys=[m.key])
            if title is not None:
                title_gender[gk] = hint if hint in _THIRD else None
            if kb is not None:
                # a titled name the knowledge base knows as such ("Mrs Weasley" is Molly) before the bare name
                titled_kb = kb.characters_by_surface(m.text) if single_titled or m.gender_hint is None else []
                c.kb = titled_kb or kb.characters_by_surface(m.key)
        c.mentions.append(m)
        c.surfaces[m.text] += 1
        if title is not None and title in lx.married_titles:
            c.married = True
        if hint in _THIRD:
            c.title_votes[hint] += 1
    # 1. shorter full names into the one longer full name with the same first and last word
    multi = sorted((k for k in groups if " " in k and "|" not in k), key=lambda k: -len(k.split()))
    for k in multi:
        w = k.split()
        longer = [h for h in multi if h != k and len(h.split()) > len(w) and h.split()[0] == w[0]
                  and h.split()[-1] == w[-1] and groups[h].merged_into is None]
        if len(longer) == 1:
            groups[longer[0]].absorb(groups[k])
    full = [groups[k] for k in multi if groups[k].merged_into is None]
    ambiguous: dict[str, list[_Cluster]] = {}

    def hosts_of(word: str, gender: str | None, extra: list[_Cluster]) -> list[_Cluster]:
        out = []
        for h in full + extra:
            h = h.root()
            if h in out:
                continue
            hw = h.words
            if word not in (hw[0], hw[-1]) and word not in [k for k in h.keys if " " not in k]:
                continue
            if gender and not _compatible(gender, _prior_gender(h, lx)):
                continue
            out.append(h)
        return out

    # 2. titled single names ("Mr. Bennet") into a full name of compatible gender
    titled = [gk for gk in groups if "|" in gk]
    for gk in titled:
        word, cls = gk.split("|")
        if " " in word:
            continue  # "Mrs. Charles Wilcox": the spouse of the one so named, someone of their own
        g = title_gender.get(gk)
        same = _titled_host(word, cls, full, lx)
        if same is not None:
            same.absorb(groups[gk])
            continue
        if groups[gk].married:
            continue  # "Mrs. Bennet" is the mother, not "Elizabeth Bennet"
        if g is None and cls in lx.title_kin:
            # a kinship title stands before a first name: "Cousin Elizabeth" is Elizabeth Bennet
            hosts = [h for h in hosts_of(word, None, []) if h.words[0] == word]
        elif g is None:
            # a rank names a surname: "Colonel Fitzwilliam" is not "Fitzwilliam Darcy"
            hosts = [h for h in hosts_of(word, None, []) if h.words[-1] == word]
        else:
            # a first name of unknown gender is no evidence: "Mr Verloc" stays apart from "Winnie Verloc"
            near = hosts_of(word, g, [])
            hosts = [h for h in near if _prior_gender(h, lx) == g or h.words[0] == word]
            if not hosts and len(near) == 1 and near[0].words[-1] == word:
                groups[gk].pending = near[0]  # decided later, by the pronouns' gender (join_pending)
        if len(hosts) == 1:
            hosts[0].absorb(groups[gk])
    # 3. untitled single names into the one full or titled name containing them
    groups_of_word: Counter[str] = Counter(w for gk in groups for w in set(gk.split("|")[0].split()))
    titled_women = {id(groups[gk]) for gk in titled if title_gender.get(gk) == "female"}
    for gk in [k for k in groups if " " not in k and "|" not in k]:
        extra = [groups[t] for t in titled if t.split("|")[0] == gk]
        hosts = hosts_of(gk, None, extra)
        if len(hosts) > 1:
            # a full name written once, from this first name and words no other name has, is the first name
            # glued to the next word ("... left Margaret Oniton", "Emily Inglethorpe" misspelt once), no second
            # bearer of the name; a surname two full names share stays ambiguous ("Dean"/"Sam Winchester")
            kept = [h for h in hosts if not _glued(h, gk, groups_of_word)]
            hosts = _beside_a_bearer(kept or hosts, gk)
        if len(hosts) > 1:
            # a woman the story names only under her title ("Mrs Beaver", "Miss Thorpe") is called so: the
            # bare surname is the family's other bearer ("Beaver" is her son John Beaver, "Thorpe" her brother)
            hosts = [h for h in hosts if not _titled_woman(h, titled_women)] or hosts
        if len(hosts) == 1:
            hosts[0].absorb(groups[gk])
        elif len(hosts) > 1:
            ambiguous[gk] = hosts
    live = [c for gk, c in groups.items() if c.merged_into is None and gk not in ambiguous]
    # 4. nicknames into the character they shorten
    support = fandom_support(live)
    sents_of: dict[int, set[int]] = {id(c): {m.sent for m in c.mentions if not m.in_quote} for c in live}
    # one key, perhaps written with and without a title ("Miss Lizzy" and "Lizzy" are one cluster of two keys)
    singles = [c for c in live if len(set(c.keys)) == 1 and " " not in c.keys[0]]
    singles.sort(key=lambda c: len(c.mentions))  # the rarer name folds into the more frequent one
    for x in singles:
        if x.merged_into is not None or len(set(x.keys)) > 1:
            continue
        xk = x.keys[0]
        xg = _prior_gender(x, lx)
        x_kb = {(k.fandom, k.tag) for k in x.kb}
        scored: list[tuple[int, _Cluster]] = []
        for y in live:
            y = y.root()
            if y is x or any(y is t for _, t in scored) or xk in y.keys:
                continue
            if not _compatible(xg, _prior_gender(y, lx)) or sents_of[id(x)] & sents_of.get(id(y), set()):
                continue
            if is_diminutive(xk, y.first, lx):
                if len(y.mentions) >= _DIMINUTIVE_HOST_SHARE * len(x.mentions):
                    scored.append((1000, y))
                # else a name written a few times beside a pet name used again and again is someone else, or
                # a saying ("before you could say Jack Robinson" beside a "Jacky")
                continue
            shared = x_kb & {(k.fandom, k.tag) for k in y.kb}
            if shared:  # both names may be one knowledge-base character of a fandom other names support
                scored.append((max(support[f] for f, _ in shared) - 2, y))
        scored.sort(key=lambda t: -t[0])
        if scored and scored[0][0] >= 1 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            target = scored[0][1]
            target.absorb(x)
            sents_of[id(target)] = sents_of.get(id(target), set()) | sents_of[id(x)]
    _nickname_full_names(live, sents_of, lx)
    clusters = [c for c in live if c.merged_into is None]
    ambiguous = {k: list(dict.fromkeys(h.root() for h in hs)) for k, hs in ambiguous.items()}
    return clusters, ambiguous


def _nickname_full_names(live: list[_Cluster], sents_of: dict[int, set[int]], lx: Lexicon) -> None:
    """5. a full name made of a nickname and a surname ("Eliza Bennet") into the one full name of that surname
    whose first name it shortens ("Elizabeth Bennet"), when that name is not far rarer (the share a nickname's
    host needs in step 4), the two never name people side by side in one sentence of narration, and the full name
    is written under no title the nickname never is (a generation apart: "Mr. Thomas Gradgrind", his son "Tom")."""
    fulls = [c for c in live if c.merged_into is None and len(c.words) > 1]
    fulls.sort(key=lambda c: len(c.mentions))  # the rarer name folds into the more frequent one
    for x in fulls:
        if x.merged_into is not None:
            continue
        xw = x.words
        xg = _prior_gender(x, lx)
        hosts: list[_Cluster] = []
        for y in fulls:
            y = y.root()
            if y is x or any(y is h for h in hosts) or len(y.words) != len(xw) or y.words[-1] != xw[-1]:
                continue
            if not is_diminutive(xw[0], y.words[0], lx) or not _compatible(xg, _prior_gender(y, lx)):
                continue
            if sents_of.get(id(x), set()) & sents_of.get(id(y), set()):
                continue
            if _full_name_titles(y, lx) - _full_name_titles(x, lx):
                # "Mr. Thomas Gradgrind" and a "Tom Gradgrind" never so titled: the father and his son
                continue
            hosts.append(y)
        if len(hosts) == 1 and len(hosts[0].mentions) >= _DIMINUTIVE_HOST_SHARE * len(x.mentions):
            hosts[0].absorb(x)
            sents_of[id(hosts[0])] = sents_of.get(id(hosts[0]), set()) | sents_of.get(id(x), set())


def _full_name_titles(c: _Cluster, lx: Lexicon) -> set[str]:
    """The classes of the titles ``c``'s full names are written under ("Mr. Thomas Gradgrind": "mr")."""
    titles = {_title_of(m, lx) for m in c.mentions if " " in m.key}
    return {lx.title_class.get(t, t) for t in titles if t is not None}


def _glued(h: _Cluster, word: str, groups_of_word: Counter[str]) -> bool:
    """Whether cluster ``h`` is one full name seen once, first name ``word``, whose other words no other name
    uses."""
    if len(h.mentions) != 1 or len(h.keys) != 1 or " " not in h.keys[0] or h.keys[0].split()[0] != word:
        return False
    return all(groups_of_word[w] <= 1 for w in h.keys[0].split()[1:])


def _titled_woman(h: _Cluster, titled_women: set[int]) -> bool:
    """Whether cluster ``h`` is one name under a woman's title (``titled_women``: ids of those groups) and nothing
    else: no full name, no other key."""
    return id(h) in titled_women and len(set(h.keys)) == 1 and " " not in h.keys[0]


def _beside_a_bearer(hosts: list[_Cluster], word: str) -> list[_Cluster]:
    """``hosts`` less the full names written at most ``rare_full_name_max`` times that hold first name ``word``
    beside a bearer of that first name written ``rare_full_name_ratio`` times as often: a maiden name said once
    ("She was Brenda Rex") or two first names side by side ("Katharine Cassandra; Cassandra Katharine") does not
    share the bare "Brenda" or "Katharine" with the one the story names so throughout. A surname is left alone
    ("Bennet" may be any of the family)."""
    top = max(hosts, key=lambda h: len(h.mentions))
    if top.words[0] != word:
        return hosts
    most = len(top.mentions)
    return [h for h in hosts if h is top or not (
        len(h.mentions) <= _RARE_FULL_NAME_MAX and most >= _RARE_FULL_NAME_RATIO * len(h.mentions))]


def _titled_host(word: str, cls: str, full: list[_Cluster], lx: Lexicon) -> _Cluster | None:
    """The one full name a titled single name ``word`` (title class ``cls``) is a short form of because the
    story also writes that full name under a title of the same class at least ``titled_host_min`` times: "Mrs.
    Lynde" and "Mrs. Rachel" are "Mrs. Rachel Lynde" though a "Thomas Lynde" shares the surname; "Mr.
    Gradgrind" is "Mr. Thomas Gradgrind" beside a son "Tom Gradgrind" (who is never "Mr. Tom Gradgrind" then).
    None when two full names of that word are so titled ("Mr. John Cavendish", "Mr. Lawrence Cavendish"), and
    never for "Miss" ("Miss Schlegel" is the elder sister even where the story writes "Miss Helen Schlegel")."""
    if cls in _NO_TITLED_HOST:
        return None
    hosts: list[_Cluster] = []
    for h in full:
        h = h.root()
        if h in hosts or word not in (h.words[0], h.words[-1]):
            continue
        n = sum(1 for m in h.mentions if lx.title_class.get(t := _title_of(m, lx) or "", t) == cls)
        if n >= _TITLED_HOST_MIN:
            hosts.append(h)
    return hosts[0] if len(hosts) == 1 else None


def join_pending(clusters: list[_Cluster], votes: list[_Tally], lx: Lexicon) -> list[_Cluster]:
    """Titled surnames into the one full name of that surname whose first name said no gender, once it was
    decided to have the title's gender with at least ``pending_votes`` pronoun votes for it, more than for any
    other (``votes``: one tally per cluster): "Miss Sterling" joins "Hattie Sterling", "Monsieur Poirot" a
    "Hercule Poirot"; "Mr Verloc" stays apart from a "Winnie Verloc" they make a woman, and from one they say
    too little about. Returns the clusters left."""
    tally = {id(c): v for c, v in zip(clusters, votes, strict=True)}
    for c in clusters:
        h = c.pending.root() if c.pending is not None else None
        if h is None or h is c or id(h) not in tally or c.merged_into is not None:
            continue
        g = _prior_gender(c, lx)
        v = tally[id(h)]
        other = sum(n for k, n in v.items() if k != g)
        if h.gender == g and v[g] >= _CFG["pending_votes"] and v[g] > other:
            h.absorb(c)
    return [c for c in clusters if c.merged_into is None]
