"""The committed openapi.yaml is the API contract: it must be exactly what the code generates."""

from pathlib import Path

from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
REGENERATE = (
    "make schema  (or: DJANGO_SETTINGS_MODULE=egov.settings.test .venv/bin/python manage.py spectacular "
    "--file openapi.yaml --validate --fail-on-warn)"
)


def _generated() -> tuple[dict, str]:
    # The same generator and renderer as `manage.py spectacular`, in the default language.
    with translation.override(settings.LANGUAGE_CODE):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return schema, OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def test_generated_schema_is_valid_openapi():
    schema, _ = _generated()
    validate_schema(schema)


def test_committed_openapi_yaml_matches_the_code():
    assert COMMITTED.exists(), f"openapi.yaml is missing; generate it with: {REGENERATE}"
    _, generated = _generated()
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == generated, (
        f"openapi.yaml differs from the schema the code generates. If the API change is intended, run: {REGENERATE}"
    )


def test_schema_lists_the_v1_operations():
    schema, _ = _generated()
    assert "/api/v1/procedures/" in schema["paths"]
    assert "/api/v1/procedures/{code}/" in schema["paths"]


def test_schema_is_served_publicly(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/procedures/" in response.content


def test_every_operation_documents_the_errors_it_can_answer():
    schema, _ = _generated()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            expected = {"401", "429"}
            kinds = {parameter["in"] for parameter in operation.get("parameters", [])}
            if "path" in kinds:
                expected.add("404")
            if "requestBody" in operation or "query" in kinds:
                expected.add("400")
            if "requestBody" in operation:
                expected |= {"403", "415"}
            assert expected <= documented, (method, path, expected - documented)
            for status in documented - {"200", "201"}:
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)
