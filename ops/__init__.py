"""What operators watch, shared by the ``complaints ops`` commands and the console.

- `ops.health`: is every part of the platform up (`check_all`), from
  `ops.services` (gRPC health and metrics of each service), `ops.queues`
  (the broker and every work queue with its dead-letter queue), `ops.referrals`
  (referrals and letters that went to a fallback desk) and `ops.letters` (letters
  stuck pending or failed);
- `ops.dead_letters`: list, show, replay and purge the messages of a dead-letter
  queue, each read as a `ops.dead_letter.DeadLetter`.

These functions block (sockets, the broker, a store) and return plain dicts, so a command
prints them and the console runs them in a worker thread.
"""
