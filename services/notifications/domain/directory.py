"""The operator-maintained address directory: IMBs, providers, MPs, teams, police, social care.

Keys are ``<kind>:<slug>``, e.g. ``imb:ashgrove-irc`` or ``team:ds-complaints``; the slug of
a name is its lowercase words joined by hyphens (`slug`). The file (YAML or JSON) nests
entries by kind::

    imb:
      ashgrove-irc: {name: "IMB Ashgrove IRC", email: "imb.ashgrove@example.gov.uk"}

``complainant`` is not in the directory: its address comes from the case (`resolve_recipient`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
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
    }
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(name: str) -> str:
    """``"Ashgrove IRC"`` -> ``ashgrove-irc``; ``"St. Mary's House"`` -> ``st-marys-house``."""
    cleaned = re.sub(r"['’.]", "", name.lower())
    return "-".join(re.findall(r"[a-z0-9]+", cleaned))


def address_key(kind: str, name: str) -> str:
    """The directory key of ``name`` in ``kind``; raises ValueError for an empty name."""
    if kind not in KINDS:
        raise ValueError(f"unknown address kind {kind!r}")
    s = slug(name)
    if not s:
        raise ValueError(f"cannot make an address key of {kind} {name!r}")
    return f"{kind}:{s}"


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
    """The address of a planned letter: the complainant's from the case, others from the
    directory. Raises `NoContactAddress` or `UnknownAddress`."""
    if key != "complainant":
        return directory.resolve(key)
    person = view.complainant
    if person.anonymous or not person.contact or not _EMAIL.match(person.contact):
        raise NoContactAddress(f"{view.case_ref}: no email address on file for the complainant")
    return Address(name=person.name or "Complainant", email=person.contact)
