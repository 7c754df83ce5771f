"""What operators watch, shared by the ``complaints ops`` commands and the console.

- `common.ops.health`: is every part of the platform up (`check_all`), from
  `common.ops.services` (gRPC health and metrics of each service), `common.ops.queues`
  (the broker and every work queue with its dead-letter queue), `common.ops.referrals`
  (referrals and letters that went to a fallback desk) and `common.ops.letters` (letters
  stuck pending or failed);
- `common.ops.dead_letters`: list, show, replay and purge the messages of a dead-letter
  queue, each read as a `common.ops.dead_letter.DeadLetter`.

These functions block (sockets, the broker, a store) and return plain dicts, so a command
prints them and the console runs them in a worker thread.
"""
