"""What the SPSO model procedure withholds from a response (seed 002 ¶16), enforced:

- ``staff_details_withheld`` (a staff member complained about): "we will advise the
  customer/service user that their complaint is upheld, but would not share specific
  details affecting staff members, particularly where disciplinary action is taken";
- ``safety_findings_withheld`` (a concern about a child's or adult's safety): "we would
  look into this to check whether the safety concern had been properly dealt with, but we
  would not share any details of our findings in relation to the safety concern".

The decision letter states the outcome in those terms (``withheld`` in its context); a
preview warns the officer, before the response goes, of anything in the response text that
looks like a staff detail or a safety finding (`warnings`).
"""

from __future__ import annotations

import re
from typing import Any

from services.notifications.domain.caseview import CaseView

MARKERS = {"staff_details_withheld": "staff", "safety_findings_withheld": "safety"}
SEED_STAFF = (
    'seed 002 ¶16: "we will advise the customer/service user that their complaint is upheld, '
    'but would not share specific details affecting staff members"'
)
SEED_SAFETY = (
    'seed 002 ¶16: "we would not share any details of our findings in relation to the '
    'safety concern"'
)
# Words that give away what happened to a staff member, or what was found about safety.
STAFF_WORDS = ("disciplin", "dismiss", "suspended", "warning", "misconduct", "sacked")
SAFETY_WORDS = ("safeguard", "abuse", "harm", "police", "investigat", "found", "finding")


def withheld(view: CaseView) -> list[str]:
    """The markers routing set on the strand, in words the templates test: staff, safety."""
    return [word for flag, word in MARKERS.items() if flag in view.flags]


def _hits(text: str, words: tuple[str, ...]) -> list[str]:
    lowered = text.lower()
    return [w for w in words if w in lowered]


def warnings(view: CaseView, template: str, context: dict[str, Any]) -> list[str]:
    """What the officer is warned of before a response to the complainant goes out."""
    markers = withheld(view)
    if template != "decision" or not markers:
        return []
    text = str(context.get("response_text") or "")
    out = []
    if "staff" in markers:
        names = sorted({n for a in view.aspects for n in a.officers_named if n.strip()})
        named = [n for n in names if re.search(re.escape(n.strip()), text, re.IGNORECASE)]
        out.append(
            "a staff member is complained about: the letter says whether the complaint is "
            f"upheld and shares no details affecting them ({SEED_STAFF})"
        )
        if named:
            out.append(f"the response text names {', '.join(named)}: remove it before it goes")
        hits = _hits(text, STAFF_WORDS)
        if hits:
            out.append(
                f"the response text may give details affecting the staff member ({', '.join(hits)})"
            )
    if "safety" in markers:
        out.append(
            "a safety concern: the letter says it was looked into and shares no findings "
            f"({SEED_SAFETY})"
        )
        hits = _hits(text, SAFETY_WORDS)
        if hits:
            out.append(
                f"the response text may share findings on the safety concern ({', '.join(hits)})"
            )
    return out
