"""A small world for permission tests: two agencies, two units in the first, a dossier in each place."""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from egov.dossiers.models import Attachment, Dossier, Status
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Role

from .factories import AgencyFactory, DossierFactory, ProcedureFactory, ProcedureVersionFactory, UnitFactory, staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    agency: Agency
    unit: Unit
    other_unit: Unit
    other_agency: Agency
    # In the user's unit; in another unit of the same agency; in another agency.
    in_unit: Dossier
    in_other_unit: Dossier
    in_other_agency: Dossier

    def assignable(self, dossier: Dossier) -> User:
        """A specialist of the dossier's unit, whom a unit head may assign."""
        return staff(Role.SPECIALIST, agency=dossier.agency, unit=dossier.unit)

    def staff(self, role: str) -> User:
        return staff(role, agency=self.agency, unit=self.unit)

    def target(self, name: str) -> Dossier:
        return {"in_unit": self.in_unit, "in_other_unit": self.in_other_unit, "in_other_agency": self.in_other_agency}[
            name
        ]


def attach(dossier: Dossier, *, kind: str = Attachment.Kind.APPLICATION, content: bytes = PDF) -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        dossier=dossier,
        kind=kind,
        original_name="Đơn đề nghị.pdf",
        extension=".pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=digest,
        uploaded_at=timezone.now(),
    )
    attachment.file.save("ignored.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def received_dossier(*, agency: Agency, unit: Unit | None, **kwargs) -> Dossier:
    version = ProcedureVersionFactory(procedure=ProcedureFactory(agency=agency))
    now = timezone.now()
    dossier = DossierFactory(
        procedure_version=version,
        unit=unit,
        status=Status.PROCESSING,
        submitted_at=now,
        received_at=now,
        code=f"{agency.identifier}-{now:%y%m%d}-{Dossier.objects.count() + 1:04d}",
        **kwargs,
    )
    attach(dossier)
    return dossier


def build_world() -> World:
    agency = AgencyFactory()
    unit, other_unit = UnitFactory(agency=agency), UnitFactory(agency=agency)
    other_agency = AgencyFactory()
    foreign_unit = UnitFactory(agency=other_agency)
    return World(
        agency=agency,
        unit=unit,
        other_unit=other_unit,
        other_agency=other_agency,
        in_unit=received_dossier(agency=agency, unit=unit),
        in_other_unit=received_dossier(agency=agency, unit=other_unit),
        in_other_agency=received_dossier(agency=other_agency, unit=foreign_unit),
    )
