"""procedures/README.md shows each procedure's stages, clocks, transitions and letters,
generated from the procedure files (`procedures.readme`); a stale section fails."""

from __future__ import annotations

from procedures import load_all, readme


def test_the_stage_machine_section_is_current() -> None:
    text = readme.README.read_text(encoding="utf-8")
    assert readme.rewrite(text, load_all()) == text, (
        "procedures/README.md is stale: run python -m procedures.readme"
    )


def test_every_stage_transition_and_clock_is_listed() -> None:
    text = readme.README.read_text(encoding="utf-8")
    section = text[text.index(readme.BEGIN) : text.index(readme.END)]
    for name, proc in load_all().items():
        if not proc.submittable:
            continue
        assert f"#### {name}: " in section
        for stage in proc.stages:
            row = next(line for line in section.splitlines() if f"| `{stage.name}`" in line
                       and f"{stage.owner} |" in line)  # fmt: skip
            for clock in stage.clocks:
                if stage.clocks[clock].starts != "previous_response":
                    assert f"`{clock}`" in row, (name, stage.name, clock)
            for t in stage.transitions:
                assert f"`case.{t.fact}` → `{t.to}`" in row
                assert ", ".join(t.letters) in row


def test_a_stale_section_is_rewritten_and_an_absent_one_appended() -> None:
    procs = load_all()
    stale = f"# Title\n\n{readme.BEGIN}\nold\n{readme.END}\n\nafter\n"
    fresh = readme.rewrite(stale, procs)
    assert "old" not in fresh and fresh.endswith("\n\nafter\n") and "`review_panel`" in fresh
    assert readme.BEGIN in readme.rewrite("# Title\n", procs)
