"""procedures/README.md lists every exemption and referral with its seed sentence and the
letter it produces, generated from the files that run (`services.notifications.tables`)."""

from __future__ import annotations

from common.markdown import cell
from procedures import load_all
from services.notifications import tables


def test_the_readme_section_is_current() -> None:
    text = tables.README.read_text(encoding="utf-8")
    assert tables.rewrite(text, load_all()) == text, (
        "procedures/README.md is stale: run python -m services.notifications.tables"
    )


def test_every_exemption_and_referral_is_listed_with_its_seed_sentence() -> None:
    text = tables.README.read_text(encoding="utf-8")
    section = text[text.index(tables.BEGIN) : text.index(tables.END)]
    for name, proc in load_all().items():
        for rule in [*proc.exclusions, *proc.referrals]:
            row = next(
                (line for line in section.splitlines() if f"| {name} | `{rule.rule}` |" in line),
                None,
            )
            assert row is not None, f"{name}.{rule.rule} missing"
            assert cell(rule.source) in row


def test_a_stale_section_is_rewritten_and_an_absent_one_appended() -> None:
    procs = load_all()
    stale = f"# Title\n\n{tables.BEGIN}\nSTALE-ROW\n{tables.END}\n\nafter\n"
    fresh = tables.rewrite(stale, procs)
    assert "STALE-ROW" not in fresh and fresh.endswith("\n\nafter\n") and "`third_party`" in fresh
    assert tables.BEGIN in tables.rewrite("# Title\n", procs)
