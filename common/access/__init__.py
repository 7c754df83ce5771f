"""Who may do what, on which cases: one policy for every RPC of every service.

- `policy`: the pure answers (may this caller read this case, act on it, run this report);
- `methods`: every RPC of the platform, each with who may call it and on which cases;
- `gate`: the one gRPC interceptor that authenticates the caller and applies both, on all
  five servers, logging every refusal;
- `facts`: the typed facts each service keeps about a case to answer (and their codec).
"""
