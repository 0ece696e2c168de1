"""What reading hands to writing: one parsed CSV record, the values it could not parse, and the
refusal of a file that leaves the catalogue unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

from egov.workdays.calendar import LimitUnit

from ..models import OnlineLevel

_CSV_VERSION_FIELDS = (
    "name",
    "time_limit",
    "time_limit_unit",
    "time_limit_text",
    "reduced_time_limit",
    "fee_text",
    "online_level",
    "legacy_online_level",
    "result_document",
    "legal_basis",
    "source_url",
    "raw_values",
    "value_sources",
)


class CatalogueFileError(Exception):
    """The file is not a catalogue CSV this importer can read; nothing was changed."""


@dataclass(frozen=True)
class Unparsed:
    column: str
    text: str
    reason: str


@dataclass
class CatalogueRow:
    """One CSV record, parsed. `fee_items` is None when the fee is unknown or could not be parsed."""

    line: int
    code: str
    has_national_code: bool
    name: str
    field_name: str
    time_limit: int | None = None
    time_limit_unit: str = LimitUnit.WORKING_DAYS.value
    time_limit_text: str = ""
    reduced_time_limit: int | None = None
    fee_text: str = ""
    fee_items: list[tuple[str, int, str]] | None = None
    online_level: str = OnlineLevel.NONE.value
    legacy_online_level: int | None = None
    result_document: str = ""
    legal_basis: str = ""
    source_url: str = ""
    raw_values: dict[str, str] = field(default_factory=dict)
    value_sources: dict[str, str] = field(default_factory=dict)
    unparsed: list[Unparsed] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # optional text columns the file has, by field
    filing_methods: list[tuple[str, str]] | None = None  # (channel, description); None: keep

    def version_values(self) -> dict:
        return {name: getattr(self, name) for name in _CSV_VERSION_FIELDS} | self.texts
