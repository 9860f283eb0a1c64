"""The API's OpenAPI description: valid, and what the API really answers, page type
by page type, field by field, and for its mistakes."""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from wagtail.models import Page, get_page_models

from portal import api, openapi

pytestmark = pytest.mark.django_db

PAGE_LIST = "#/paths/~1pages~1/get/responses/200/content/application~1json/schema"


@pytest.fixture(scope="module")
def spec():
    """The description, read from the code alone."""
    return openapi.description()


def check(spec, instance, ref):
    """``instance`` against ``#/components/schemas/…`` of the description."""
    schema = {"$ref": ref, "components": spec["components"], "paths": spec["paths"]}
    errors = sorted(
        Draft202012Validator(schema).iter_errors(instance), key=lambda e: e.path
    )
    assert not errors, "\n".join(
        f"{list(error.absolute_path)}: {error.message}" for error in errors[:10]
    )


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_the_description_is_valid_openapi_at_its_address(client, home_page):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    spec = response.json()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": "http://testserver/api/v2"}]
    assert set(spec["paths"]) == {
        f"/{endpoint}/{tail}"
        for endpoint in ("pages", "images", "documents")
        for tail in ("", "{id}/", "find/")
    }


def test_every_field_and_parameter_is_described(spec):
    """A new kind of field or a new parameter in the API gets a description here."""
    assert openapi.UNDESCRIBED not in json.dumps(spec, ensure_ascii=False)


def test_every_page_type_is_described(spec):
    labels = {f"{m._meta.app_label}.{m.__name__}" for m in get_page_models()}
    assert labels <= set(spec["components"]["schemas"])
    assert {
        item["$ref"].rsplit("/", 1)[1]
        for item in spec["components"]["schemas"]["Side"]["anyOf"]
    } == labels


def test_each_page_type_answers_as_described(client, demo_once, spec):
    """For every page type with a page: the list with every field and the page
    itself have exactly the documented fields, of the documented types."""
    schemas = spec["components"]["schemas"]
    seen = set()
    for model in get_page_models():
        if model is Page:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        listing = get(client, "/api/v2/pages/", type=label, fields="*", limit=1)
        check(spec, listing, PAGE_LIST)
        if not listing["items"]:
            continue
        seen.add(label)
        item = listing["items"][0]
        check(spec, item, f"#/components/schemas/{label}")
        documented = schemas[label]["properties"]
        assert set(item) == set(documented), label
        assert set(item["meta"]) == set(documented["meta"]["properties"]) - {
            "parent"  # on a page's own answer only
        }, label
        page = get(client, f"/api/v2/pages/{item['id']}/", fields="*")
        check(spec, page, f"#/components/schemas/{label}")
        assert set(page) == set(documented), label
        assert set(page["meta"]) == set(documented["meta"]["properties"]), label
    # The demo has a page of every type readers meet.
    assert seen >= {
        "portal.HomePage",
        "portal.MunicipalityPage",
        "learning.ExperienceArticlePage",
        "learning.GoodPracticePage",
        "learning.PresentationPage",
        "events.GatheringPage",
        "events.GatheringReportPage",
    }, seen


def test_images_and_documents_answer_as_described(client, demo_once, spec):
    for endpoint, name in (("images", "Bilde"), ("documents", "Dokument")):
        listing = get(client, f"/api/v2/{endpoint}/", fields="*", limit=1)
        assert listing["items"], endpoint
        item = listing["items"][0]
        check(spec, item, f"#/components/schemas/{name}")
        detail = get(client, f"/api/v2/{endpoint}/{item['id']}/", fields="*")
        check(spec, detail, f"#/components/schemas/{name}")
        assert set(detail) == set(spec["components"]["schemas"][name]["properties"])


def parameters(spec, path):
    return {
        parameter["name"]: parameter
        for parameter in spec["paths"][path]["get"]["parameters"]
    }


def test_the_documented_bounds_are_the_apis(client, home_page, spec):
    listed = parameters(spec, "/pages/")
    offset = listed["offset"]["schema"]["maximum"]
    limit = listed["limit"]["schema"]["maximum"]
    assert offset == api.MAX_OFFSET
    get(client, "/api/v2/pages/", offset=offset, limit=limit)
    refused = get(client, "/api/v2/pages/", 400, offset=offset + 1)
    check(spec, refused, "#/components/schemas/Feil")
    refused = get(client, "/api/v2/pages/", 400, limit=limit + 1)
    check(spec, refused, "#/components/schemas/Feil")
    assert listed["search_operator"]["schema"]["enum"] == ["and", "or"]
    check(
        spec,
        get(client, "/api/v2/pages/", 400, search="x", search_operator="xor"),
        "#/components/schemas/Feil",
    )
    check(spec, get(client, "/api/v2/pages/999999/", 404), "#/components/schemas/Feil")


def test_every_documented_parameter_is_accepted(client, demo_once, spec):
    """Each documented parameter of the page list, with a value it allows, answers
    200: none is documented that the API refuses as unknown."""
    home = Page.objects.get(depth=2)
    samples = {
        "limit": "1",
        "offset": "0",
        "fields": "title",
        "order": "-id",
        "search": "bolig",
        "search_operator": "or",
        "rich_text_format": "html",
        "format": "json",
        "type": "learning.GoodPracticePage",
        "child_of": "root",
        "descendant_of": str(home.pk),
        "ancestor_of": str(home.get_children().first().pk),
        "translation_of": str(home.pk),
        "locale": "nb",
        "site": "testserver",
    }
    listed = parameters(spec, "/pages/")
    for name in listed:
        if name in samples:
            query = {name: samples[name]}
            if name == "search_operator":
                query["search"] = "bolig"
        else:  # a field filter: with a type that has the field
            model = next(
                m
                for m in get_page_models()
                if name in api.PublicPagesAPIViewSet.get_available_fields(m, True)
            )
            query = {name: "1" if name.endswith(("_id", "municipality")) else "x"}
            query["type"] = f"{model._meta.app_label}.{model.__name__}"
            if name == "tags":
                query[name] = "bostedsløse"
        response = client.get("/api/v2/pages/", query)
        assert response.status_code in (200, 400), (name, response.content)
        if response.status_code == 400:
            # A value the field cannot hold is refused; the parameter is known.
            assert (
                "not an operation or a recognised field"
                not in response.json()["message"]
            ), name
    assert set(samples) <= set(listed)


def test_too_many_requests_answer_as_described(client, home_page, spec, settings):
    settings.API_LIMIT_PER_CLIENT = (1, 60)
    get(client, "/api/v2/pages/")
    response = client.get("/api/v2/pages/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 0
    documented = spec["components"]["responses"]["429"]
    assert "Retry-After" in documented["headers"]
    check(spec, response.json(), "#/components/schemas/Feil")


def test_a_search_answers_as_described(client, demo_once, spec):
    """The list's meta.search, corrected or not, is the documented one."""
    for query, corrected in (("bolig", None), ("bostedløse", "bostedsløse")):
        answer = get(client, "/api/v2/pages/", search=query)
        assert answer["meta"]["search"] == {"query": query, "corrected_to": corrected}
        check(spec, answer, PAGE_LIST)
