"""The one gRPC interceptor of every server: who is calling (a valid bearer token), and
may they call this method on these cases (`methods.RULES`, answered by `policy`).

- No valid token: UNAUTHENTICATED, with a short reason.
- A method with no rule, a role the rule does not name, a case the caller may not read or
  act on, a report they may not run: PERMISSION_DENIED, with the policy's reason.
- A reference with no case: PERMISSION_DENIED with the same reason as for a case the
  caller could not see anyway, so a refused caller cannot learn which references exist;
  those who could see it (central team, auditors) go on to the servicer's NOT_FOUND.

Every refusal is logged as a WARNING naming method, peer, subject, role, cases and reason,
and handed to the service's ``on_denied`` (records files it in the case's access log).
Health and reflection are open. The servicer then finds the caller in `current_caller`;
list methods keep only what `visible` allows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import grpc

from common.access.methods import RULES, Rule
from common.access.policy import CaseFacts, can_act, can_read, can_report
from common.auth import BadToken, Caller, caller_from_metadata
from common.grpc_server import OPEN_METHODS, _abort_with, _caller, current_caller

log = logging.getLogger(__name__)

# The facts of every strand a reference names (one for a strand ref, each strand's for a
# complaint reference), or an empty list when the service holds no such case.
type FactsOf = Callable[[str], Awaitable[Sequence[CaseFacts]]]
type OnDenied = Callable[[Caller, str, list[str], str], Awaitable[None]]


class Denial(Exception):  # noqa: N818 - a decision, not a failure
    def __init__(self, why: str, refs: list[str]):
        super().__init__(why)
        self.why, self.refs = why, refs


async def _no_cases(ref: str) -> Sequence[CaseFacts]:
    return ()


class Gate(grpc.aio.ServerInterceptor):
    def __init__(
        self,
        secret: str,
        *,
        facts_of: FactsOf = _no_cases,
        on_denied: OnDenied | None = None,
        rules: dict[str, Rule] = RULES,
    ):
        self._secret, self._facts_of, self._on_denied = secret, facts_of, on_denied
        self._rules = rules

    async def intercept_service(self, continuation, details):  # type: ignore[no-untyped-def]
        handler = await continuation(details)
        method = details.method
        if handler is None or method.startswith(OPEN_METHODS):
            return handler
        try:
            caller = caller_from_metadata(self._secret, details.invocation_metadata)
        except BadToken as exc:
            return _refused(handler, method, str(exc), exc.sub)
        except Exception:  # noqa: BLE001 - never a stack trace to the caller
            log.exception("token check failed", extra={"method": method})
            return _refused(handler, method, "unverifiable token", None)
        rule = self._rules.get(method)
        if rule is None:
            why = f"no access rule declares {method}: refused to everyone"
            return self._denied(handler, caller, method, why, ())
        if caller.role not in rule.who:
            why = f"role {caller.role} may not call {method.rsplit('/', 1)[-1]}"
            return self._denied(handler, caller, method, why, rule.cases)
        if handler.unary_unary is None:
            return self._denied(handler, caller, method, "only unary calls are served", ())
        inner = handler.unary_unary

        async def guarded(request, context):  # type: ignore[no-untyped-def]
            token = _caller.set(caller)
            try:
                try:
                    await self._check(caller, rule, request)
                except Denial as denial:
                    await self._refuse(context, caller, method, denial.why, denial.refs)
                return await inner(request, context)
            finally:
                _caller.reset(token)

        return grpc.unary_unary_rpc_method_handler(
            guarded,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def _check(self, caller: Caller, rule: Rule, request: Any) -> None:
        """Raise `Denial` unless the rule lets ``caller`` make this request."""
        if rule.report or rule.procedure:
            procedure = rule.procedure or str(getattr(request, rule.report, "") or "")
            allowed, why = can_report(caller, procedure)
            if not allowed:
                raise Denial(why, [])
        for field in rule.cases:
            ref = str(getattr(request, field, "") or "").strip()
            if not ref and field != rule.cases[0]:
                continue  # an optional second reference left empty
            strands = list(await self._facts_of(ref)) if ref else []
            for facts in strands or [CaseFacts()]:
                allowed, why = (
                    can_act(caller, rule.action, facts) if rule.action else can_read(caller, facts)
                )
                if not allowed:
                    raise Denial(why, [ref] if ref else [])
            # No such case: those who may see any case go on (the servicer answers
            # NOT_FOUND); the blank facts above refused everyone else.

    def _denied(self, handler, caller: Caller, method: str, why: str, fields: tuple[str, ...]):  # type: ignore[no-untyped-def]
        """A handler refusing the call, filed under the cases its request names."""

        async def refuse(request, context):  # type: ignore[no-untyped-def]
            refs = [str(getattr(request, f, "") or "").strip() for f in fields]
            await self._refuse(context, caller, method, why, [r for r in refs if r])

        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                refuse,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return _abort_with(
            handler,
            grpc.StatusCode.PERMISSION_DENIED,
            why,
            before=lambda context: _log_denial(context, caller, method, why, []),
        )

    async def _refuse(
        self, context, caller: Caller, method: str, why: str, refs: list[str]
    ) -> None:  # type: ignore[no-untyped-def]
        _log_denial(context, caller, method, why, refs)
        if self._on_denied is not None:
            try:
                await self._on_denied(caller, method, refs, why)
            except Exception:  # noqa: BLE001 - the refusal stands even if filing it fails
                log.exception("could not file the refusal of %s", method)
        await context.abort(grpc.StatusCode.PERMISSION_DENIED, why)


def visible(facts: CaseFacts) -> bool:
    """Whether the caller being served may read a case (for list methods)."""
    return can_read(current_caller(), facts)[0]


def _peer(context) -> str:  # type: ignore[no-untyped-def]
    try:
        return str(context.peer())
    except Exception:  # noqa: BLE001
        return "?"


def _log_refusal(context, method: str, why: str, sub: str | None) -> None:  # type: ignore[no-untyped-def]
    peer = _peer(context)
    log.warning(
        "refused gRPC call %s from %s (subject %s): %s",
        method,
        peer,
        sub or "unknown",
        why,
        extra={"method": method, "peer": peer, "reason": why, "subject": sub},
    )


def _log_denial(context, caller: Caller, method: str, why: str, refs: list[str]) -> None:  # type: ignore[no-untyped-def]
    peer = _peer(context)
    log.warning(
        "denied gRPC call %s from %s (subject %s, role %s) on %s: %s",
        method,
        peer,
        caller.sub,
        caller.role,
        ", ".join(refs) or "-",
        why,
        extra={
            "method": method,
            "peer": peer,
            "subject": caller.sub,
            "role": str(caller.role),
            "partner": caller.partner,
            "cases": refs,
            "reason": why,
            "outcome": "denied",
        },
    )


def _refused(handler, method: str, why: str, sub: str | None):  # type: ignore[no-untyped-def]
    """UNAUTHENTICATED, logged (a token that does not prove who the caller is)."""
    return _abort_with(
        handler,
        grpc.StatusCode.UNAUTHENTICATED,
        why,
        before=lambda context: _log_refusal(context, method, why, sub),
    )
