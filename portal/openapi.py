"""The public API (``portal.api``) described in OpenAPI 3.1, at /api/v2/openapi.json.

The description is read from the API itself, so that it cannot drift from it: the
endpoints and their parameters from the view sets and their constants (``MAX_OFFSET``,
the page size), and each page type's fields from the very serializers the API builds
for it (``fields=*``), field by field. A field or parameter of a kind this module does
not know is marked ``UNDESCRIBED`` rather than described wrongly, and the tests refuse
the mark; they also compare the description with what the API answers for every page
type.
"""

import json

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from rest_framework import fields as drf
from rest_framework import relations, serializers
from taggit.managers import TaggableManager
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.utils import parse_fields_parameter
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.models import get_page_models

from portal import api, content_version
from portal.site_root import absolute_url

OPENAPI_VERSION = "3.1.0"
# Wagtail's page size: ``limit`` may not exceed it.
LIMIT_MAX = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20

ERROR = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
    "additionalProperties": False,
}
RETRY_AFTER = {
    "description": "Sekunder til neste forsøk.",
    "schema": {"type": "integer", "minimum": 0},
}
STREAM = {
    "type": "array",
    "description": "Innhold i blokker, som Wagtail lagrer dem.",
    "items": {
        "type": "object",
        "required": ["type", "value"],
        "properties": {
            "type": {"type": "string"},
            "value": {},
            "id": {"type": ["string", "null"]},
        },
    },
}
TAGS = {"type": "array", "items": {"type": "string"}, "description": "Temaer."}
PAGE_REFERENCE = {
    "type": ["object", "null"],
    "properties": {
        "id": {"type": "integer"},
        "meta": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "detail_url": {"type": "string", "format": "uri"},
                "html_url": {"type": ["string", "null"], "format": "uri"},
            },
            "additionalProperties": False,
        },
        "title": {"type": "string"},
    },
    "additionalProperties": False,
}
# What a field or parameter this module does not know gets: any value, and words the
# tests look for (a new kind of field is described before it is merged).
UNDESCRIBED = "Ikke beskrevet."
# Fields of Wagtail's own, by what they write.
KNOWN_FIELDS = {
    wagtail_serializers.TypeField: {"type": "string"},
    wagtail_serializers.PageTypeField: {"type": "string", "description": "app.Modell"},
    wagtail_serializers.DetailUrlField: {"type": "string", "format": "uri"},
    wagtail_serializers.PageHtmlUrlField: {"type": ["string", "null"], "format": "uri"},
    wagtail_serializers.PageLocaleField: {"type": "string"},
    wagtail_serializers.PageParentField: PAGE_REFERENCE,
    wagtail_serializers.PageAliasOfField: PAGE_REFERENCE,
    wagtail_serializers.StreamField: STREAM,
    wagtail_serializers.TagsField: TAGS,
    ImageDownloadUrlField: {"type": "string"},
    DocumentDownloadUrlField: {"type": "string", "format": "uri"},
}
# DRF's fields for model fields, by what they write (the first match counts).
VALUE_FIELDS = (
    (drf.BooleanField, {"type": "boolean"}),
    (drf.IntegerField, {"type": "integer"}),
    (drf.FloatField, {"type": "number"}),
    (drf.DecimalField, {"type": "string", "format": "decimal"}),
    (drf.DateTimeField, {"type": "string", "format": "date-time"}),
    (drf.DateField, {"type": "string", "format": "date"}),
    (drf.TimeField, {"type": "string", "format": "time"}),
    (drf.URLField, {"type": "string", "format": "uri"}),
    (drf.EmailField, {"type": "string", "format": "email"}),
    (drf.CharField, {"type": "string"}),
    (drf.JSONField, {}),
    (drf.ReadOnlyField, {}),
)


def nullable(schema):
    """``schema`` or null."""
    schema = dict(schema)
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    kind = schema.get("type")
    if kind is None:
        return (
            schema
            if not schema or "enum" in schema
            else {"anyOf": [schema, {"type": "null"}]}
        )
    kinds = kind if isinstance(kind, list) else [kind]
    if "null" not in kinds:
        schema["type"] = [*kinds, "null"]
    return schema


def field_schema(field, model=None):
    """The JSON Schema of what one serializer field writes."""
    if model is not None and field.source and "." not in field.source:
        try:
            if isinstance(model._meta.get_field(field.source), TaggableManager):
                return TAGS
        except FieldDoesNotExist:  # a property or a method
            pass
    for kind, schema in KNOWN_FIELDS.items():
        if isinstance(field, kind):
            return schema
    if isinstance(field, wagtail_serializers.ChildRelationField):
        return {
            "type": "array",
            "items": serializer_schema(field.serializer_class(context={})),
        }
    if isinstance(field, wagtail_serializers.RelatedField):
        # Null when there is none, or when it is not public (portal.api).
        return nullable(serializer_schema(field.serializer_class(context={})))
    if isinstance(field, relations.ManyRelatedField):
        item = field_schema(field.child_relation, None)
        return {"type": "array", "items": _not_null(item)}
    if isinstance(field, relations.SlugRelatedField):
        return {"type": "string"}
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return {"type": "integer"}
    if isinstance(field, serializers.ListSerializer):
        return {"type": "array", "items": field_schema(field.child, None)}
    if isinstance(field, serializers.Serializer):
        return serializer_schema(field)
    if isinstance(field, drf.ChoiceField):
        schema = {"type": "string", "enum": [str(choice) for choice in field.choices]}
        if field.allow_blank and "" not in schema["enum"]:
            schema["enum"].append("")
        return nullable(schema) if field.allow_null else schema
    for kind, schema in VALUE_FIELDS:
        if isinstance(field, kind):
            return nullable(schema) if field.allow_null else dict(schema)
    return {"description": UNDESCRIBED}


def _not_null(schema):
    if isinstance(schema.get("type"), list):
        schema = dict(schema, type=[kind for kind in schema["type"] if kind != "null"])
        if len(schema["type"]) == 1:
            schema["type"] = schema["type"][0]
    return schema


def serializer_schema(serializer):
    """An object's schema from a serializer: its fields, its meta fields in ``meta``.

    Fields a page type declares with a serializer of its own (``APIField(serializer=
    …)``) may be null, as Wagtail writes null for any missing value.
    """
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    meta_names = set(getattr(serializer, "meta_fields", ()))
    declared = set(getattr(serializer, "_declared_fields", {})) - _wagtail_declared()
    body, meta = {}, {}
    for name, field in serializer.fields.items():
        schema = field_schema(field, model)
        if model is not None and name in declared:
            schema = nullable(schema)
        (meta if name in meta_names else body)[name] = schema
    properties = dict(body)
    if meta:
        properties["meta"] = {
            "type": "object",
            "properties": meta,
            "additionalProperties": False,
        }
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if "id" in properties:
        schema["required"] = ["id"]
    return schema


def _wagtail_declared():
    names = set()
    for base in (
        api.PublicPageSerializer,
        api.PublicImageSerializer,
        api.PublicDocumentSerializer,
    ):
        names |= set(base._declared_fields)
    return names


def object_schema(viewset, model):
    """Everything the API may write of one object of ``model`` (``fields=*``)."""
    serializer_class = viewset._get_serializer_class(
        api.api_router, model, parse_fields_parameter("*"), show_details=True
    )
    return serializer_schema(serializer_class(context={}))


def page_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


# Parameters --------------------------------------------------------------------------


def _query(name, description, schema, **extra):
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema,
        **extra,
    }


PAGE_ID = {"type": "integer", "minimum": 1}
PAGE_ID_OR_ROOT = {"anyOf": [PAGE_ID, {"const": "root"}]}
COMMON_PARAMETERS = {
    "limit": _query(
        "limit",
        f"Hvor mange som vises, høyst {LIMIT_MAX}.",
        {"type": "integer", "minimum": 0, "maximum": LIMIT_MAX, "default": 20},
    ),
    "offset": _query(
        "offset",
        f"Hvor mange som hoppes over, høyst {api.MAX_OFFSET}. Lenger ut i listen: "
        "avgrens den med type, child_of eller descendant_of.",
        {"type": "integer", "minimum": 0, "maximum": api.MAX_OFFSET, "default": 0},
    ),
    "fields": _query(
        "fields",
        "Feltene som vises, skilt med komma: * for alle, _ for ingen, -felt for å "
        "ta bort ett, felt(underfelt) for en relasjon.",
        {"type": "string"},
        example="*",
    ),
    "order": _query(
        "order",
        "Sortering etter et felt (-felt for synkende), flere skilt med komma, eller "
        "random. Uten den sorteres etter id (eller treff ved søk).",
        {"type": "string"},
        example="-first_published_at",
    ),
    "search": _query(
        "search",
        "Søk etter ord, som søket på nettstedet: samme ordanalyse, rangering og "
        "retting av skrivefeil når søket ikke finner noe (se meta.search). Må "
        "inneholde minst ett ord.",
        {"type": "string"},
    ),
    "search_operator": _query(
        "search_operator",
        "Om alle ordene (and) eller ett av dem (or) må finnes.",
        {"type": "string", "enum": list(api.SEARCH_OPERATORS)},
    ),
    "rich_text_format": _query(
        "rich_text_format",
        "Formatet for formatert tekst.",
        {"type": "string", "enum": ["db_html", "html", "db_markdown", "markdown"]},
    ),
    "format": _query("format", "Bare json.", {"type": "string", "enum": ["json"]}),
}
PAGE_PARAMETERS = {
    "type": _query(
        "type",
        "Sidetyper (app.Modell), skilt med komma. Med én type kan listen filtreres "
        "på typens felter.",
        {"type": "string"},
        example="learning.GoodPracticePage",
    ),
    "child_of": _query(
        "child_of",
        "Bare sidene rett under denne siden (id, eller root).",
        PAGE_ID_OR_ROOT,
    ),
    "descendant_of": _query(
        "descendant_of",
        "Bare sidene et sted under denne siden (id, eller root).",
        PAGE_ID_OR_ROOT,
    ),
    "ancestor_of": _query("ancestor_of", "Bare sidene over denne siden (id).", PAGE_ID),
    "translation_of": _query(
        "translation_of",
        "Bare oversettelser av denne siden (id, eller root).",
        PAGE_ID_OR_ROOT,
    ),
    "locale": _query("locale", "Bare sider på dette språket (nb).", {"type": "string"}),
    "site": _query(
        "site",
        "Nettstedet (vertsnavn, eventuelt :port) når det ikke er det som blir spurt.",
        {"type": "string"},
    ),
}
# Parameters Wagtail knows that a reader has no use for.
UNDOCUMENTED = {"_"}


def _known_parameters(viewset, own):
    """The view set's parameters, each with its description (or ``UNDESCRIBED``)."""
    described = {**COMMON_PARAMETERS, **own}
    return [
        described.get(name) or _query(name, UNDESCRIBED, {"type": "string"})
        for name in sorted(set(viewset.known_query_parameters) - UNDOCUMENTED)
    ]


def field_filters(viewset, models):
    """``?field=value`` for every database field the models show, once each."""
    known = set(viewset.known_query_parameters)
    filters = {}
    for model in models:
        for name in viewset.get_available_fields(model, db_fields_only=True):
            if name in known or name in filters or name == "id":
                continue
            filters[name] = _query(
                name,
                "Bare de med denne verdien i feltet (for sider: med type= en type "
                "som har feltet). For temaer: navn, skilt med komma.",
                {"type": "string"},
            )
    return [filters[name] for name in sorted(filters)]


# The description -----------------------------------------------------------------------


def _responses(ok, *errors):
    responses = {"200": ok}
    for code in errors:
        responses[code] = {"$ref": f"#/components/responses/{code}"}
    for code in ("429", "503"):
        responses[code] = {"$ref": f"#/components/responses/{code}"}
    return responses


def _json(description, schema):
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def _listing(item_ref):
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {
                    "total_count": {"type": "integer", "minimum": 0},
                    "search": {
                        "type": "object",
                        "description": "Bare ved søk: hva det ble søkt etter, og hva "
                        "søket ble rettet til når det ikke fant noe (som på nettstedet).",
                        "required": ["query", "corrected_to"],
                        "properties": {
                            "query": {"type": "string"},
                            "corrected_to": {"type": ["string", "null"]},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "items": {"type": "array", "items": {"$ref": item_ref}},
        },
    }


def _endpoint(name, title, viewset, models, item_ref, own_parameters, find):
    listing_parameters = _known_parameters(viewset, own_parameters)
    listing_parameters += field_filters(viewset, models)
    detail_parameters = [
        COMMON_PARAMETERS["fields"],
        COMMON_PARAMETERS["rich_text_format"],
    ]
    return {
        f"/{name}/": {
            "get": {
                "operationId": f"{name}_listing",
                "summary": f"{title}: en liste",
                "parameters": listing_parameters,
                "responses": _responses(
                    _json(f"{title}, {LIMIT_MAX} om gangen.", _listing(item_ref)),
                    "400",
                ),
            }
        },
        f"/{name}/{{id}}/": {
            "get": {
                "operationId": f"{name}_detail",
                "summary": f"{title}: én",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    },
                    *detail_parameters,
                ],
                "responses": _responses(
                    _json("Med alle feltene.", {"$ref": item_ref}), "400", "404"
                ),
            }
        },
        f"/{name}/find/": {
            "get": {
                "operationId": f"{name}_find",
                "summary": f"{title}: finn én",
                "parameters": find,
                "responses": {
                    "302": {
                        "description": "Videre til adressen i Location.",
                        "headers": {
                            "Location": {"schema": {"type": "string", "format": "uri"}}
                        },
                    },
                    "400": {"$ref": "#/components/responses/400"},
                    "404": {"$ref": "#/components/responses/404"},
                    "429": {"$ref": "#/components/responses/429"},
                    "503": {"$ref": "#/components/responses/503"},
                },
            }
        },
    }


def description():
    """The OpenAPI 3.1 description of /api/v2/ as a dict."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    page_models = list(get_page_models())
    schemas = {
        page_label(model): object_schema(api.PublicPagesAPIViewSet, model)
        for model in page_models
    }
    schemas["Side"] = {
        "description": "En side av en av typene.",
        "anyOf": [
            {"$ref": f"#/components/schemas/{page_label(model)}"}
            for model in page_models
        ],
    }
    schemas["Bilde"] = object_schema(api.PublicImagesAPIViewSet, get_image_model())
    schemas["Dokument"] = object_schema(
        api.PublicDocumentsAPIViewSet, get_document_model()
    )
    schemas["Feil"] = ERROR
    find_by_id = _query("id", "Objektets id.", {"type": "integer", "minimum": 1})
    paths = {}
    paths.update(
        _endpoint(
            "pages",
            "Sider",
            api.PublicPagesAPIViewSet,
            page_models,
            "#/components/schemas/Side",
            PAGE_PARAMETERS,
            [
                find_by_id,
                _query(
                    "html_path",
                    "Sidens adresse på nettstedet.",
                    {"type": "string"},
                    example="/erfaringer/",
                ),
            ],
        )
    )
    paths.update(
        _endpoint(
            "images",
            "Bilder",
            api.PublicImagesAPIViewSet,
            [get_image_model()],
            "#/components/schemas/Bilde",
            {},
            [find_by_id],
        )
    )
    paths.update(
        _endpoint(
            "documents",
            "Dokumenter",
            api.PublicDocumentsAPIViewSet,
            [get_document_model()],
            "#/components/schemas/Dokument",
            {},
            [find_by_id],
        )
    )
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Feil"}}}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "API for Boligsosialt velferdsprogram",
            "version": "2",
            "description": (
                "Alle publiserte sider, bilder og dokumenter som alle kan se, som JSON. "
                "Bare lesing. Hver klient kan gjøre et begrenset antall forespørsler "
                "per minutt (429 med Retry-After ved for mange). Sidetypene og "
                "feltene står under components.schemas."
            ),
        },
        "servers": [{"url": absolute_url("/api/v2")}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "400": {"description": "Feil i parameterne.", "content": error},
                "404": {
                    "description": "Finnes ikke, eller ikke offentlig.",
                    "content": error,
                },
                "429": {
                    "description": "For mange forespørsler fra denne adressen.",
                    "headers": {"Retry-After": RETRY_AFTER},
                    "content": error,
                },
                "503": {
                    "description": "Forespørselen tok for lang tid og ble avbrutt.",
                    "headers": {"Retry-After": RETRY_AFTER},
                    "content": error,
                },
            },
        },
    }


@require_safe
def view(request):
    """The description as JSON."""
    response = HttpResponse(
        json.dumps(description(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


openapi_view = content_version.cache_response(24 * 3600)(view)
