"""Records use cases, in the same room as every service's handlers: each takes a request
or an event, checks the caller, applies the pure rules of `services.records.domain` and
writes through the adapters; the entrypoints (gRPC, AMQP) only translate.

- `events`: every event filed on the right case file; the lifecycle reacting where the
  platform acts by itself (opening, automatic acknowledgement and progress).
- `casework`: people's commands on a case file (once per request id, with the access log).
- `reach`: the person across their complaints (who they are, restrictions following them).
- `representations`: representations and compliments (seed 004).
- `outcomes`: outcome sought, findings, remedies, commitments (and their reminders),
  learning, and the reports over them.
- `reporting`: KPIs and the annual, quarterly and alternatives reports.
- `dataprotection`: retention and subject access requests.
- `emit`: glue they share (a command's context, its events as outbox messages).

Reads of one case or a page of cases are in `services.records.queries`, as in the other
services.
"""
