import pytest
import yaml
from django.core.management import call_command

PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/boards/": {"get", "post"},
    "/api/v1/boards/{slug}/": {"get", "patch"},
    "/api/v1/boards/{slug}/members/": {"get", "post"},
    "/api/v1/boards/{slug}/members/{username}/": {"patch", "delete"},
    "/api/v1/boards/{slug}/invitations/": {"get", "post"},
    "/api/v1/boards/{slug}/invitations/{invitation_id}/": {"delete"},
    "/api/v1/invitations/": {"get"},
    "/api/v1/invitations/{invitation_id}/accept/": {"post"},
    "/api/v1/invitations/{invitation_id}/decline/": {"post"},
    "/api/v1/boards/{slug}/items/": {"get", "post"},
    "/api/v1/boards/{slug}/items/{item_id}/": {"get", "patch", "delete"},
    "/api/v1/boards/{slug}/items/{item_id}/move/": {"post"},
    "/api/v1/boards/{slug}/items/bulk/": {"post"},
}
METHODS = {"get", "post", "put", "patch", "delete"}
# Actions whose POST takes no body: the URL says it all.
BODILESS = {"/api/v1/invitations/{invitation_id}/accept/", "/api/v1/invitations/{invitation_id}/decline/"}


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
                assert ("requestBody" in operation) != (path in BODILESS), (method, path)


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


LISTS = [
    "/api/v1/boards/",
    "/api/v1/boards/{slug}/items/",
    "/api/v1/boards/{slug}/members/",
    "/api/v1/boards/{slug}/sprints/",
    "/api/v1/boards/{slug}/items/{item_id}/history/",
    "/api/v1/boards/{slug}/blockers/",
    "/api/v1/boards/{slug}/poker/",
    "/api/v1/boards/{slug}/retros/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_described_as_the_page_it_answers(schema, path):
    operation = schema["paths"][path]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) == {"count", "next", "previous", "results"}
    assert {"page", "page_size"} <= {parameter["name"] for parameter in operation["parameters"]}


def test_every_operation_documents_the_answers_drf_gives_before_the_view(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            if path != "/api/v1/auth/token/":
                assert "401" in operation["responses"], (method, path)
            if "requestBody" in operation:
                assert "415" in operation["responses"], (method, path)
            elif method != "get":
                assert "400" in operation["responses"], (method, path)  # a body sent is refused


def test_a_voter_without_a_card_is_described_as_null(schema):
    assert schema["components"]["schemas"]["VoterOut"]["properties"]["card"]["nullable"] is True


def test_removing_items_from_a_sprint_documents_its_body(schema):
    operation = schema["paths"]["/api/v1/boards/{slug}/sprints/{number}/items/"]["delete"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ItemsInRequest")


def test_the_bulk_endpoint_takes_json_only_and_documents_an_unreadable_body(schema):
    operation = schema["paths"]["/api/v1/boards/{slug}/items/bulk/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json"}
    shapes = operation["responses"]["400"]["content"]["application/json"]["schema"]["oneOf"]
    assert {"type": "string"} in [shape.get("properties", {}).get("detail") for shape in shapes]
