"""The operator-maintained address directory: IMBs, providers, MPs, teams, police, social care.

Keys are ``<kind>:<slug>``, e.g. ``imb:ashgrove-irc`` or ``team:ds-complaints``; the slug of
a plain-ASCII name is its lowercase words joined by hyphens (`slug`). A name in any other
script or with accents gets a readable ASCII part and a stable hash (`address_key`), e.g.
``officer:sean-o-briain--1c0f5e2a9b3d`` or ``officer:arabic--5d41402abc4b``. The file (YAML or
JSON) nests entries by kind::

    imb:
      ashgrove-irc: {name: "IMB Ashgrove IRC", email: "imb.ashgrove@example.gov.uk"}

``complainant`` and ``representative`` are not in the directory: their addresses come from
the case (`resolve_recipient`).

Fallback desks (kind ``desk``, key ``desk:<procedure>-<nation>``, `desk_key`) take a referral
whose own recipient cannot be worked out (no local authority on the case, no police entry for
the establishment): a duty or safeguarding desk that passes it on by hand. Every procedure and
nation the service writes for needs one (`missing_desks`); notifications refuses to start
without them.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from services.notifications.domain.errors import DirectoryError, NoContactAddress, UnknownAddress

if TYPE_CHECKING:
    from services.notifications.domain.caseview import CaseView

KINDS = frozenset(
    {
        "imb",
        "ie-manager",
        "healthcare",
        "provider",
        "mp",
        "team",
        "police",
        "social-care",
        "officer",
        "desk",
        # children seed 004 stage 2 notices, one entry per local authority.
        "head-of-service",
        "team-manager",
        # the Ombudsman an early referral goes to (children seed 004), keyed by its name.
        "ombudsman",
    }
)
# The people written to at their own address on the case, not through the directory.
PERSONS = frozenset({"complainant", "representative"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HASH_DIGITS = 12
_SLUG = re.compile(rf"^[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{{{HASH_DIGITS}}})?$")
_DROPPED = "'’."  # inside a word, as in "O'Brien" or "St."
# Latin letters NFKD does not take apart, for the readable hint of a hashed key.
_PLAIN = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "ð": "d",
        "ı": "i",
        "ŋ": "ng",
    }
)


def slug(name: str) -> str:
    """``"Ashgrove IRC"`` -> ``ashgrove-irc``; ``"St. Mary's House"`` -> ``st-marys-house``."""
    cleaned = re.sub(r"['’.]", "", name.lower())
    return "-".join(re.findall(r"[a-z0-9]+", cleaned))


def name_identity(name: str) -> str:
    """What makes two names the same name: the NFC-normalised, lowercased runs of letters,
    marks and digits, joined by single spaces. Case, spacing and punctuation do not count
    ("St. Mary's  House" is "st marys house"); accents and scripts do ("Seán" is not "Sean").
    Empty when the name has no letters or digits at all."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).lower())
    words: list[str] = []
    word: list[str] = []
    for char in text:
        if char in _DROPPED:
            continue
        if unicodedata.category(char)[0] in "LMN":
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return " ".join(words)


def _readable(identity: str) -> str:
    """An ASCII hint for a hashed key: the name with accents stripped, else its script."""
    plain = unicodedata.normalize("NFKD", identity.translate(_PLAIN))
    plain = plain.encode("ascii", "ignore").decode().lower()
    hint = "-".join(re.findall(r"[a-z0-9]+", plain))
    if hint:
        return hint
    for char in identity:
        script = unicodedata.name(char, "").split(" ")[0].lower()
        if script.isascii() and script.isalnum():
            return script
    return "name"


def address_key(kind: str, name: str) -> str:
    """The directory key of ``name`` in ``kind``: the same name always gives the same key and
    different names (`name_identity`) different keys, in any script.

    - A name whose identity is plain ASCII keeps its slug: ``imb:ashgrove-irc``.
    - Any other name gets an ASCII hint, two hyphens and the first 12 hex digits of the
      sha256 of its identity: ``officer:sean-o-briain--<hash>``, ``officer:arabic--<hash>``.
      A slug never holds two hyphens in a row, so the two families never meet.
    - A name of punctuation or symbols only is hashed whole (NFC, spacing collapsed):
      ``imb:name--<hash>``.

    Raises ValueError for an unknown kind or a blank name.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown address kind {kind!r}")
    if not name.strip():
        raise ValueError(f"cannot make an address key of {kind} {name!r}: the name is blank")
    identity = name_identity(name)
    if identity and identity.isascii():
        return f"{kind}:{identity.replace(' ', '-')}"
    if identity:
        hint, hashed = _readable(identity), identity
    else:
        hint = "name"
        hashed = "\x00" + " ".join(unicodedata.normalize("NFC", name).split())
    digest = hashlib.sha256(hashed.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{hint}--{digest[:HASH_DIGITS]}"


class Address(BaseModel):
    """Where a letter goes: an email address, a display name, and optionally the GOV.UK
    Notify template to send it with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    email: str
    notify_template_id: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value


class Directory:
    """Address keys to addresses. Build with `Directory.from_mapping` or `load_directory`."""

    def __init__(self, entries: Mapping[str, Address]) -> None:
        self._entries = dict(entries)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "directory") -> Directory:
        """Validate ``{kind: {slug: {name, email, notify_template_id?}}}``."""
        if not isinstance(data, Mapping):
            raise DirectoryError(f"{source}: expected a mapping of kinds at the top level")
        entries: dict[str, Address] = {}
        for kind, items in data.items():
            if kind not in KINDS:
                raise DirectoryError(
                    f"{source}: unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})"
                )
            if not isinstance(items, Mapping):
                raise DirectoryError(f"{source}: {kind} must map slugs to entries")
            for key, raw in items.items():
                if not isinstance(key, str) or not _SLUG.match(key):
                    raise DirectoryError(
                        f"{source}: {kind}:{key} is not a slug (lowercase words and hyphens)"
                    )
                try:
                    entries[f"{kind}:{key}"] = Address.model_validate(raw)
                except ValidationError as exc:
                    raise DirectoryError(f"{source}: {kind}:{key}: {exc}") from exc
        return cls(entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        """Every address key, sorted."""
        return sorted(self._entries)

    def resolve(self, key: str) -> Address:
        """The address for ``key``; `UnknownAddress` names the key and what to do."""
        try:
            return self._entries[key]
        except KeyError:
            kind = key.partition(":")[0]
            near = [k for k in self._entries if k.startswith(kind + ":")][:5]
            hint = f" (known {kind} keys include: {', '.join(near)})" if near else ""
            raise UnknownAddress(
                f"no directory entry for {key!r}; add it to the address directory{hint}"
            ) from None


def officer_address(name: str, directory: Directory) -> tuple[str, str | None]:
    """A person named on a case (a first line manager, a commitment's owner) at their own
    ``officer:`` entry: their key, and None when the directory holds it, else why it does
    not ("no entry for officer:... in the address directory")."""
    key = address_key("officer", name)
    if key in directory:
        return key, None
    return key, f"no entry for {key} in the address directory"


def desk_key(procedure: str, nation: str) -> str:
    """The fallback desk of a procedure in a nation: ``desk:children-england``."""
    return address_key("desk", f"{procedure} {nation}")


def missing_desks(directory: Directory, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The desk keys ``directory`` lacks for these (procedure, nation) pairs, sorted."""
    return sorted({desk_key(p, n) for p, n in pairs} - set(directory.keys()))


def check_desks(directory: Directory, pairs: Iterable[tuple[str, str]], *, source: str) -> None:
    """`DirectoryError` naming every fallback desk missing from ``directory``."""
    missing = missing_desks(directory, pairs)
    if missing:
        raise DirectoryError(
            f"{source}: no fallback desk for {', '.join(missing)}; every procedure and nation "
            "needs one (a duty or safeguarding desk under 'desk:', keyed <procedure>-<nation>), "
            "so that a referral whose recipient cannot be worked out still reaches a person"
        )


def load_directory(path: Path | str) -> Directory:
    """Read a YAML (``.yaml``/``.yml``) or JSON directory file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise DirectoryError(f"cannot read address directory {path}: {exc}") from exc
    return Directory.from_mapping(data or {}, source=str(path))


def resolve_recipient(key: str, view: CaseView, directory: Directory) -> Address:
    """The address of a planned letter: the complainant's or their representative's from
    the case, others from the directory. Raises `NoContactAddress` or `UnknownAddress`."""
    if key not in PERSONS:
        return directory.resolve(key)
    if key == "representative":
        rep = view.complainant.represented_by
        if rep is None:
            raise NoContactAddress(f"{view.case_ref}: no representative on file")
        return _email_of(view, "the complainant's representative", rep.name, rep.contact)
    person = view.complainant
    if person.anonymous:
        raise NoContactAddress(f"{view.case_ref}: no email address on file for the complainant")
    return _email_of(view, "the complainant", person.name or "Complainant", person.contact)


def _email_of(view: CaseView, who: str, name: str, contact: str | None) -> Address:
    if not contact or "@" not in contact:
        raise NoContactAddress(f"{view.case_ref}: no email address on file for {who}")
    if not _EMAIL.match(contact):
        raise NoContactAddress(
            f"{view.case_ref}: {who}'s contact {contact!r} is not one email "
            "address (local@domain); correct it on the case, then resend"
        )
    return Address(name=name, email=contact)
