"""The API's JSON parser refuses a control character anywhere in the document (core.text), in
keys as in values, whatever field it is meant for: a slug, a key or a choice would otherwise take
it to the database, which refuses a NUL with a server error."""

from rest_framework import parsers, serializers

from egov.core.text import control_character


def _refusals(value, path: str):
    if isinstance(value, str):
        if found := control_character(value):
            yield path or "non_field_errors", f"Có ký tự điều khiển {found[1]} ở vị trí {found[0]}."
    elif isinstance(value, dict):
        for key, item in value.items():
            if control_character(key):
                yield path or "non_field_errors", "Tên trường có ký tự điều khiển."
            else:
                yield from _refusals(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _refusals(item, f"{path}.{index}" if path else str(index))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        errors: dict[str, list[str]] = {}
        for path, message in _refusals(data, ""):
            errors.setdefault(path, []).append(message)
        if errors:
            raise serializers.ValidationError(errors)
        return data
