"""Sending one planned letter: its recipient's channel, the form it takes, the delivery.

For a person (the complainant, their representative) the channel is chosen from what
they gave and prefer (`domain.channels.choose`): email through the configured channel
(with a large-print PDF attached when they asked for large print), post through GOV.UK
Notify's letter API when configured, or the print queue (`printing.PrintQueue`) of the
establishment whose complaints clerk hands it over. A person no channel can reach: the
letter goes to the fallback desk of the procedure and nation with the reason (as a
referral that cannot be addressed does). Bodies in the address directory get email.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from common.clock import Clock, today
from common.contracts.submission import Complainant, Representative
from common.storage import run_sync
from services.notifications.adapters.channel import Channel
from services.notifications.adapters.notify_letters import NotifyLetters
from services.notifications.adapters.pdf import PdfLetter, render_pdf
from services.notifications.domain import channels, formats
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import Fallback, LetterRecord
from services.notifications.domain.directory import (
    Address,
    Directory,
    desk_key,
    resolve_recipient,
)
from services.notifications.domain.errors import NoContactAddress
from services.notifications.domain.letters import (
    Attachment,
    RenderedLetter,
    content_sha256,
    render,
)
from services.notifications.domain.referrals import desk_note
from services.notifications.printing import PrintQueue

log = logging.getLogger(__name__)

PERSONS = {"complainant", "representative"}


@dataclass
class Outcome:
    """What a send did, for the letter's record and its ``notification.sent``."""

    address: str = ""
    channel: str = ""
    sha256: str = ""
    provider_id: str = ""
    route: str | None = None
    provided: str = ""
    pdf: PdfLetter | None = field(default=None, repr=False)
    fallback: Fallback | None = None  # newly sent to the desk: nobody could be reached


def person_of(key: str, view: CaseView) -> Complainant | Representative | None:
    """The person a letter addressed ``key`` goes to, with the details routing's
    `Recipient` for them carries (its ``contact``, ``address``, ``prefers``, ``needs``: the
    details routing decided on) over the submission's, so the channel and the format are
    chosen from them (`channels.choose`, `formats.large_print`); None for a body."""
    if key not in PERSONS:
        return None
    person: Complainant | Representative | None = (
        view.complainant if key == "complainant" else view.complainant.represented_by
    )
    if person is None or getattr(person, "anonymous", False):
        return person
    decided = next((r for r in view.recipients if r.kind == key), None)
    if decided is None:
        return person
    given = {
        "name": decided.name,
        "contact": decided.contact,
        "address": decided.address,
        "prefers": decided.prefers,
    }
    update = {k: v for k, v in given.items() if v is not None}
    if decided.needs != type(decided.needs)():
        update["needs"] = decided.needs
    return person.model_copy(update=update)


def recipient_lines(route: channels.Route, person: Complainant | Representative) -> list[str]:
    """The address block of a paper letter."""
    lines = [route.name]
    if route.channel == channels.POST and route.postal is not None:
        lines += [*route.postal.lines, route.postal.postcode or ""]
    else:
        ref = getattr(person, "detained_person_ref", None)
        if ref:
            lines.append(f"Reference {ref}")
        lines += [f"By hand: the complaints clerk, {route.establishment}"]
    return [line for line in lines if line]


def undeliverable_note(rendered: RenderedLetter, reason: str, whom: str) -> RenderedLetter:
    """The letter as the desk receives it when its recipient cannot be reached."""
    note = (
        f"FOR THE DUTY DESK: this letter to the {whom} could not be sent: {reason}.\n"
        "Please get it to them another way and ask the case's team to record how to "
        "reach them (an email address, a postal address or the establishment).\n"
        "\n----------------------------------------------------------------\n\n"
    )
    subject, body = f"[Undeliverable] {rendered.subject}", note + rendered.body
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))


def content(record: LetterRecord, others: list[LetterRecord]) -> RenderedLetter:
    """The text of ``record``'s letter as it goes (a referral at the duty desk with the
    desk's note; a desk's task letter with the letter it is about); raises
    `NotificationsError`."""
    letter = record.letter
    if letter.template in formats.DESK_TEMPLATES:
        about = next((r for r in others if r.key == letter.context.get("for_letter")), None)
        original = render(about.letter) if about else None
        if letter.template == formats.REMINDER_TEMPLATE:
            return formats.render_reminder(letter, original)
        return formats.render_task(letter, original)
    rendered = render(letter)
    if record.fallback and record.fallback.intended not in PERSONS:
        rendered = desk_note(rendered, record.fallback.model_dump())
    return rendered


class Dispatcher:
    def __init__(
        self,
        *,
        directory: Directory,
        clock: Clock,
        printer: PrintQueue,
        post: NotifyLetters | None = None,
    ) -> None:
        self._directory, self._clock = directory, clock
        self._printer, self._post = printer, post

    async def send(
        self, view: CaseView, record: LetterRecord, rendered: RenderedLetter, channel: Channel
    ) -> Outcome:
        """Deliver one letter (email through ``channel``); raises `NotificationsError` or
        `DeliveryError`."""
        letter = record.letter
        person = person_of(letter.address_key, view)
        if person is None or getattr(person, "anonymous", False):
            address = resolve_recipient(letter.address_key, view, self._directory)
            return await self._email(channel, address, rendered, record)
        try:
            route = channels.choose(person, establishment=view.location.establishment)
        except channels.Unreachable as exc:
            return await self._to_desk(channel, view, record, rendered, str(exc))
        large = formats.large_print(person.needs)
        if route.channel == channels.EMAIL:
            address = self._address(letter.address_key, view, route)
            out = Outcome(route=route.channel)
            if large:
                out.pdf = await self._pdf(view, rendered, route, person, large=True)
                rendered = rendered.model_copy(
                    update={"attachments": (Attachment(filename=out.pdf.filename,
                            media_type="application/pdf", data=out.pdf.data),)}
                )  # fmt: skip
            sent = await self._email(channel, address, rendered, record)
            sent.route, sent.pdf = route.channel, out.pdf
            sent.provided = formats.provided(
                route_words="by email", large=large,
                pages=out.pdf.pages if out.pdf else None, on_paper=False,
            )  # fmt: skip
            return sent
        pdf = await self._pdf(view, rendered, route, person, large=large)
        if route.channel == channels.POST and self._post is not None:
            provider_id = await self._post.send(pdf, reference=record.key)
            via, words, where = self._post.name, "by post through GOV.UK Notify", "post"
        else:
            queue = route.establishment or view.owner
            provider_id = await run_sync(
                self._printer.enqueue, record.key,
                case_ref=view.case_ref, reference=view.reference, strand=view.strand,
                procedure=view.procedure, stage=view.stage, queue=queue, route=route.channel,
                recipient=letter.recipient_kind, name=route.name,
                detained_person_ref=getattr(person, "detained_person_ref", None),
                template=letter.template, subject=rendered.subject, pdf=pdf.data,
                pages=pdf.pages, large_print=pdf.large_print, sha256=pdf.sha256,
            )  # fmt: skip
            via, where = "print-queue", f"print queue: {queue}"
            words = f"{route.why} (print queue: {queue})"
        return Outcome(
            address=where, channel=via, sha256=rendered.sha256, provider_id=provider_id,
            route=route.channel, pdf=pdf,
            provided=formats.provided(route_words=words, large=large, pages=pdf.pages,
                                      on_paper=True),
        )  # fmt: skip

    def _address(self, key: str, view: CaseView, route: channels.Route) -> Address:
        if key == "complainant":
            return resolve_recipient(key, view, self._directory)
        try:
            return Address(name=route.name, email=route.email or "")
        except ValueError as exc:
            raise NoContactAddress(
                f"{view.case_ref}: the {key}'s contact {route.email!r} is not one email address"
            ) from exc

    @staticmethod
    async def _email(
        channel: Channel, address: Address, rendered: RenderedLetter, record: LetterRecord
    ) -> Outcome:
        provider_id = await channel.send(address, rendered, reference=record.key)
        return Outcome(
            address=address.email, channel=channel.name, sha256=rendered.sha256,
            provider_id=provider_id, route="email",
        )  # fmt: skip

    async def _pdf(
        self,
        view: CaseView,
        rendered: RenderedLetter,
        route: channels.Route,
        person: Complainant | Representative,
        *,
        large: bool,
    ) -> PdfLetter:
        return await asyncio.to_thread(
            render_pdf, rendered, reference=view.reference, dated=today(self._clock),
            recipient=recipient_lines(route, person), large_print=large,
        )  # fmt: skip

    async def _to_desk(
        self,
        channel: Channel,
        view: CaseView,
        record: LetterRecord,
        rendered: RenderedLetter,
        reason: str,
    ) -> Outcome:
        desk = desk_key(view.procedure, view.nation)
        whom = record.letter.recipient_kind
        log.error(
            "letter %s to the %s cannot be sent by any channel (%s): sending it to the "
            "fallback desk %s",
            record.letter.template, whom, reason, desk,
        )  # fmt: skip
        note = undeliverable_note(rendered, reason, whom)
        out = await self._email(channel, self._directory.resolve(desk), note, record)
        out.route = "desk"
        out.provided = f"sent to the fallback desk {desk}: {reason}"
        out.fallback = Fallback(
            desk=desk, recipient=whom, intended=record.letter.address_key, reason=reason
        )
        return out
