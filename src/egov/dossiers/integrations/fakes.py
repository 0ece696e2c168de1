"""In-process fakes of outside systems, for tests and the demo only (settings dev/test wire them).

Production leaves these integrations unmapped, so egov.core.integrations answers with
NotConfigured and any use fails loudly instead of pretending a payment or a check succeeded.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class PaymentResult:
    reference: str
    paid: bool


class FakePaymentGateway:
    """Approves every charge of a positive amount; records them for assertions."""

    def __init__(self):
        self.charges: list[tuple[str, int]] = []

    def charge(self, *, order_id: str, amount_vnd: int, description: str) -> PaymentResult:
        if amount_vnd <= 0:
            return PaymentResult(reference="", paid=False)
        self.charges.append((order_id, amount_vnd))
        return PaymentResult(reference=f"FAKEPAY-{uuid.uuid4().hex[:12].upper()}", paid=True)


class FakeEInvoiceService:
    """Issues consecutive invoice numbers, like a provider's sandbox."""

    def __init__(self):
        self._numbers = itertools.count(1)

    def issue(self, *, buyer: str, description: str, amount_vnd: int) -> str:
        return f"FAKE-HD{next(self._numbers):07d}"


class FakeIdentityRegistry:
    """Stands in for the national population database: any well-formed ID matches its name."""

    def verify(self, *, id_number: str, full_name: str) -> bool:
        return len(id_number) == 12 and id_number.isdigit() and bool(full_name.strip())
