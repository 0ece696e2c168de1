"""Test helpers for petitions: an agency with its reception staff, and registrations through the services."""

import datetime as dt

from egov.documents.models import Issuer
from egov.organisations.roles import Role
from egov.organisations.tests.factories import AgencyFactory, StaffFactory, UnitFactory
from egov.workdays.calendar import LOCAL_TZ

from ..models import Channel, Classification, ReceiverRole, ReceptionKind
from ..services.intake import SenderData, petition_register
from ..services.reception import session_register

__all__ = ["Office", "local", "office"]


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


class Office:
    """An agency (an issuer of documents), its reception unit (Văn phòng), a specialist, a clerk, the head
    and an administrator."""

    def __init__(self):
        self.agency = AgencyFactory()
        self.unit = UnitFactory(agency=self.agency, name="Văn phòng Sở", short_name="VP")
        self.specialist = StaffFactory(unit=self.unit, roles=[Role.SPECIALIST])
        self.clerk = StaffFactory(agency=self.agency, roles=[Role.CLERK])
        self.leader = StaffFactory(agency=self.agency, roles=[Role.AGENCY_LEADER], full_name="Giám đốc Sở")
        self.administrator = StaffFactory(agency=self.agency, roles=[Role.ADMINISTRATOR])
        # The handling notices are outgoing documents, numbered under the agency's own symbol.
        self.issuer = Issuer.objects.create(name=self.agency.name, symbol=self.agency.short_name, agency=self.agency)

    def session(self, **overrides):
        values = {
            "agency": self.agency,
            "kind": ReceptionKind.REGULAR,
            "held_on": dt.date(2026, 3, 10),
            "place": "Trụ sở Sở Công Thương, 169 Hùng Vương",
            "receiver": self.specialist,
            "receiver_role": ReceiverRole.OFFICER,
            "actor": self.specialist,
        }
        return session_register(**(values | overrides))

    def petition(self, **overrides):
        values = {
            "agency": self.agency,
            "channel": Channel.POST,
            "received_at": local(2026, 2, 12, 9, 0),
            "content": "Đề nghị xem xét việc cấp điện cho hộ gia đình tại thôn Tân Phong.",
            "classification": Classification.RECOMMENDATION,
            "senders": [SenderData(name="Phan Văn Vân", address="Thôn Tân Phong, xã Phổ Phong")],
            "actor": self.specialist,
        }
        return petition_register(**(values | overrides))


def office() -> Office:
    return Office()
