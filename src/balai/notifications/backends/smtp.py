# SPDX-License-Identifier: EUPL-1.2
"""E-mail through Django's mail API (``EMAIL_BACKEND``, SMTP with ``EMAIL_*`` settings).

SMTP replies map to retry decisions: a 5xx refusal of the recipient or the message is
permanent; 4xx replies, lost connections, timeouts and login failures are temporary.
Error texts name the SMTP code only: SMTP exceptions quote the address.
"""

from __future__ import annotations

import smtplib
from email.utils import make_msgid
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME

from balai.notifications.backends.base import ChannelBackend, DeliveryError
from balai.notifications.constants import Channel

if TYPE_CHECKING:
    from balai.notifications.models import Message


class SmtpBackend(ChannelBackend):
    name = "smtp"

    def send(self, message: Message) -> str | None:
        if message.channel != Channel.EMAIL:
            raise DeliveryError(
                f"The smtp backend sends e-mail only, not {message.channel}.",
                permanent=True,
            )
        message_id = make_msgid(idstring=str(message.pk), domain=DNS_NAME.get_fqdn())
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        try:
            _send(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _reply in exc.recipients.values()})
            permanent = bool(codes) and all(code >= 500 for code in codes)
            raise DeliveryError(
                f"SMTP server refused the recipient (code {_codes(codes)}).",
                permanent=permanent,
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(
                f"SMTP login failed (code {exc.smtp_code}); check EMAIL_USER.",
                permanent=False,
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryError(
                f"SMTP server refused the sender (code {exc.smtp_code}); "
                "check BALAI_EMAIL_FROM.",
                permanent=False,
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"SMTP server rejected the message (code {exc.smtp_code}).",
                permanent=exc.smtp_code >= 500,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                f"SMTP server unreachable ({type(exc).__name__}).", permanent=False
            ) from None
        return message_id


def _send(email: EmailMessage) -> None:
    with get_connection(fail_silently=False) as connection:
        sent = connection.send_messages([email])
    if not sent:
        raise DeliveryError("The e-mail backend accepted no message.", permanent=False)


def _codes(codes: list[int]) -> str:
    return ", ".join(str(code) for code in codes) or "unknown"
