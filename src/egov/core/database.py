"""Integers reach PostgreSQL as text, so the server checks each against its column's type.

Django's psycopg 3 backend wraps an integer field's value in its column's type (`numeric.Int2` for a
small integer field, `Int4`, `Int8`: DatabaseOperations.adapt_integerfield_value). With server-side
binding (settings.DB_PREPARE_THRESHOLD, on in production) psycopg sends parameters in binary where
it can, and its binary dumpers keep only the low 2, 4 or 8 bytes of the number. Which dumper an
`Int2` gets depends on what the same cursor dumped before: a plain `int` that fits in two bytes
(a foreign key, say) caches psycopg's binary int2 dumper under the key `Int2`, and from then on
1,000,000 as a smallint is sent as 16960 and 2**31 as 0, without any error. Sent as text, the same
values are refused by PostgreSQL ("value ... is out of range for type smallint"; Django's
DataError). Client-side binding, Django's default, already sends them as text.
"""

from django.db.backends.signals import connection_created


def _integers_as_text(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    from psycopg.types import numeric

    adapters = connection.connection.adapters
    # The text dumper registered last is the one "%s" (PyFormat.AUTO) uses. `int` itself too: its
    # binary dispatcher is what hands the binary int2/int4/int8 dumpers to the wrapped values.
    for python_type, dumper in (
        (int, numeric.IntDumper),
        (numeric.Int2, numeric.Int2Dumper),
        (numeric.Int4, numeric.Int4Dumper),
        (numeric.Int8, numeric.Int8Dumper),
        (numeric.IntNumeric, numeric.IntNumericDumper),
    ):
        adapters.register_dumper(python_type, dumper)


def install() -> None:
    connection_created.connect(_integers_as_text, dispatch_uid="egov.core.database.integers_as_text")
