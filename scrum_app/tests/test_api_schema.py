import pytest
import yaml
from django.core.management import call_command

PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/boards/": {"get", "post"},
    "/api/v1/boards/{slug}/": {"get", "patch"},
    "/api/v1/boards/{slug}/members/": {"get", "post"},
    "/api/v1/boards/{slug}/members/{username}/": {"patch", "delete"},
    "/api/v1/boards/{slug}/items/": {"get", "post"},
    "/api/v1/boards/{slug}/items/{item_id}/": {"get", "patch", "delete"},
    "/api/v1/boards/{slug}/items/{item_id}/move/": {"post"},
    "/api/v1/boards/{slug}/items/bulk/": {"post"},
}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    # --fail-on-warn turns every drf-spectacular warning (an undescribed body, an unguessable field) into an error.
    call_command("spectacular", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def test_it_generates_the_schema_without_warnings_and_lists_each_operation(schema):
    assert schema["openapi"].startswith("3.")
    ours = {path: set(ops) & METHODS for path, ops in schema["paths"].items() if path in PATHS}
    assert ours == PATHS


def test_every_operation_describes_its_bodies(schema):
    for path in PATHS:
        for method, operation in schema["paths"][path].items():
            if method not in METHODS:
                continue
            assert operation.get("summary"), (method, path)
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
            if method in ("post", "patch"):
                assert "requestBody" in operation, (method, path)


def test_lists_are_described_as_pages(schema):
    items = schema["paths"]["/api/v1/boards/{slug}/items/"]["get"]["responses"]["200"]
    ref = items["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
def test_it_serves_the_schema_and_the_docs_page(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html
    assert "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, operation in ops.items():
            if method in METHODS:
                yield f"{method} {path}", operation


def test_every_operation_documents_the_errors_any_request_can_meet(schema):
    for name, operation in operations(schema):
        responses = operation["responses"]
        assert "414" in responses, name
        if "requestBody" in operation:
            assert "10 MB" in responses["413"]["description"], name
            assert "nests deeper than 32 levels" in responses["400"]["description"], name


def test_every_paged_list_documents_its_invalid_page_404(schema):
    paged = [(name, op) for name, op in operations(schema) if "page" in [p["name"] for p in op.get("parameters", [])]]
    assert len(paged) >= 5
    for name, operation in paged:
        assert "Invalid page." in operation["responses"]["404"]["description"], name
