"""The pipeline benchmark: ``python -m bench pipeline [options]`` (bench/README.md).

Drives the running platform (``make up``) as a partner does and measures, from the bus,
how long each complaint takes to reach each milestone, complaints per second, messages and
store operations per complaint, and the broker's own ceiling in the same run.

Modules: `run` (options and the run), `drive` (publishing, the tap queue, preflight),
`milestones` (correlation and percentiles, pure), `metrics` (Prometheus counters),
`ceiling` (the broker alone), `report` (JSON, table, machine).
"""

from bench.pipeline.run import main

__all__ = ["main"]
