"""Replace officers named in a complaint by "Officer A", "Officer B", ... in outgoing text.

Ombudsman code guide (seed 003, "Involving those complained about"): responses refer to the
organisation, or to "the officer" / "Officer A", never to the named officer, because a
complainant may publish the letter. Labels follow the order in which the case first names
each officer, so one case always calls the same person by the same letter.

Forms replaced, case-insensitively and as whole words: the full name ("John Smith"),
initial and surname ("J Smith", "J. Smith"), the surname alone ("Smith", "Smith's"), and any
of these after a title or rank ("Officer Smith", "Mr Smith", "Senior Officer John Smith",
"DCO Smith"). A replaced title is absorbed, so "Officer Smith" becomes "Officer A", not
"Officer Officer A". Names in ``keep`` (the complainant, the investigating officer) are left
alone even if they share a surname with an officer named in the complaint.

Names in any script are matched. A name written in a script without spaces between words
(Chinese, Japanese, Thai, ...) is matched wherever it occurs, since "王伟在接待处" has no word
boundary after "王伟"; its surname alone is replaced only when longer than one character.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Sequence

TITLES = (
    "detention custody officer",
    "senior officer",
    "officer",
    "dco",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "sergeant",
    "sgt",
    "constable",
    "pc",
    "nurse",
    "inspector",
    "manager",
)

_B = r"(?<![\w])"  # start of a word
_E = r"(?![\w])"  # end of a word
_TITLE_RE = r"(?:(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in TITLES) + r")\.?\s+)"


# Surname particles kept with the surname ("Seán Ó Briain" -> "Ó Briain").
_PARTICLES = "ó o ní nic mac mc ua uí de del della di da van von der den le la ap ab ferch verch"
PARTICLES = frozenset((_PARTICLES + " bin ibn bint al").split(" "))
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")


def unspaced(name: str) -> bool:
    """Whether ``name`` is written in a script that does not separate words by spaces."""
    return any(unicodedata.name(ch, "").startswith(_UNSPACED) for ch in name if ch.isalpha())


def label(index: int) -> str:
    """0 -> "Officer A", 25 -> "Officer Z", 26 -> "Officer AA"."""
    letters = string.ascii_uppercase
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = letters[rem] + name
    return f"Officer {name}"


def officer_labels(officers: Iterable[str]) -> dict[str, str]:
    """Each officer's label, in order of first appearance, ignoring case and spacing."""
    labels: dict[str, str] = {}
    seen: set[str] = set()
    for name in officers:
        key = " ".join(name.lower().split())
        if key and key not in seen:
            seen.add(key)
            labels[name] = label(len(seen) - 1)
    return labels


def core_tokens(name: str) -> list[str]:
    """The name without leading titles: "Senior Officer Jane Blue" -> ["Jane", "Blue"]."""
    tokens = name.replace(".", ". ").split()
    lowered = [t.lower().rstrip(".") for t in tokens]
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for title in sorted(TITLES, key=len, reverse=True):
            words = title.split()
            if lowered[: len(words)] == words and len(tokens) > len(words):
                tokens, lowered = tokens[len(words) :], lowered[len(words) :]
                changed = True
                break
    return [t for t in tokens if t.rstrip(".")]


def _forms(name: str) -> list[str]:
    """Regex forms of one officer's name, longest first."""
    tokens = [t.rstrip(".") for t in core_tokens(name)]
    if not tokens:
        return []
    words = [re.escape(t) for t in tokens]
    surname = words[-1]
    forms = [r"\s+".join(words)]
    if unspaced(name):
        if len(words) > 1 and len(tokens[-1]) > 1:
            forms.append(surname)
        return forms
    if len(words) > 1:
        initials = r"\.?\s*".join(re.escape(t[0]) for t in tokens[:-1])
        forms.append(initials + r"\.?\s+" + surname)
    # "Ó Briain", "Ní Dhomhnaill", "van Dyke": the surname with its particles.
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    if start < len(tokens) - 1:
        forms.append(r"\s+".join(words[start:]))
    forms.append(surname)
    return forms


def _bounds(name: str) -> tuple[str, str]:
    """Word boundaries around ``name``: none for a script written without spaces."""
    return ("", "") if unspaced(name) else (_B, _E)


def _pattern(officers: Sequence[str], keep: Sequence[str]) -> re.Pattern[str] | None:
    parts: list[str] = []
    for i, name in enumerate(keep):
        tokens = name.split()
        if tokens:
            b, e = _bounds(name)
            parts.append(f"(?P<keep{i}>{b}" + r"\s+".join(map(re.escape, tokens)) + f"{e})")
    for i, name in enumerate(officers):
        forms = _forms(name)
        if forms:
            b, e = _bounds(name)
            parts.append(f"(?P<o{i}>{b}{_TITLE_RE}*(?:" + "|".join(forms) + f"){e})")
    if not any(p.startswith("(?P<o") for p in parts):
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def anonymise(text: str, officers: Sequence[str], keep: Sequence[str] = ()) -> str:
    """``text`` with every named officer replaced by their label (see the module doc)."""
    labels = officer_labels(officers)
    names = list(labels)
    pattern = _pattern(names, [k for k in keep if k and k not in names])
    if pattern is None:
        return text

    def replace(match: re.Match[str]) -> str:
        group = match.lastgroup or ""
        if group.startswith("keep"):
            return match.group(0)
        return labels[names[int(group[1:])]]

    return pattern.sub(replace, text)
