"""What the CLI prints does not depend on the terminal's width or the length of a path:
an error stays on one line (a script, a person searching, a test can find it) and piped
tables are as wide as their content needs up to 160 columns, whatever ``COLUMNS`` says."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_an_error_naming_a_long_path_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-directory-with-a-long-name"] * 8, "none")
    result = runner.invoke(
        app,
        ["store", "copy", "--from", f"sqlite:///{deep}/{{service}}.db",
         "--to", f"sqlite:///{tmp_path}/x/{{service}}.db", "--service", "records"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"error: --from: {deep}/records.db does not exist\n" in result.output


def test_piped_text_is_not_wrapped() -> None:
    result = runner.invoke(app, ["calendar", "add", "2026-12-03", "20", "--nation", "scotland"])
    assert result.exit_code == 0, result.output
    explanation = [line for line in result.output.splitlines() if "working day after" in line]
    assert len(explanation) == 1 and explanation[0].endswith("and weekends"), result.output
