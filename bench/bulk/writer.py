"""Many published pages at once: the rows Wagtail's admin would write, in batches.

Creating a page through Wagtail (``add_child``, a revision, publishing, indexing) costs a
few tenths of a second; ``python -m bench.bulk`` needs tens of thousands of
pages. ``add_pages`` writes the same rows in bulk: treebeard's materialised paths
computed here, the page rows and their type's rows inserted in batches, the child rows
and many-to-many links modelcluster would save, one revision per page (so the admin's
edit view, history and live revision work), creation and publishing in the audit log,
the parents' child counts and Wagtail's reference index. The search index is updated
afterwards, per type, by ``index_objects``.

Everything generated is done in the name of one inactive account, ``GENERATOR_USERNAME``:
it owns the pages and created the snippets (audit log), which is how a later run finds
what is already there and how ``--clear`` removes only that.
"""

import contextlib
import os
import uuid
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Count, Manager, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Substr
from django.db.models.signals import post_delete
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import ModelLogEntry, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.slugs import norwegian_slugify

GENERATOR_USERNAME = "innholdsgenerator"
BATCH_SIZE = 500
# Stable translation keys, so that the same run gives the same rows.
KEY_NAMESPACE = uuid.UUID("2b7f4c1e-8d3a-4e6b-9f21-5a0c7d9e3b48")


def generator_user(create=True):
    """The account in whose name generated content is created (never able to sign in)."""
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: GENERATOR_USERNAME}).first()
    if user is None and create:
        user = User(
            **{User.USERNAME_FIELD: GENERATOR_USERNAME},
            first_name="Innholdsgenerator",
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    return user


def chunks(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, objects):
    """INSERT the model's own columns as they are, in batches (no pre-save defaults).

    Used for the type's table below ``wagtailcore_page`` (Django's ``bulk_create``
    refuses multi-table models) and where a generated timestamp must not become "now".
    """
    if not objects:
        return
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and getattr(objects[0], field.attname) is None)
    ]
    size = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, objects)))
    for batch in chunks(objects, size):
        model._base_manager._insert(batch, fields=fields, raw=True)


def add_pages(entries, user):
    """Insert published pages below their parents, as if an editor had added each one.

    ``entries`` are ``(parent, page, moment)``: an unsaved specific page with its child
    objects, themes and many-to-many values set in memory (as for ``add_child``), and
    when it was published. Returns the saved pages in the order given.
    """
    if not entries:
        return []
    pages = [page for _, page, _ in entries]
    _place(entries)
    for _, page, moment in entries:
        _stamp(page, user, moment)
        _fill_relations(page)
    # Page's own columns for every type at once; each type's table after.
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    for page in pages:
        page.page_ptr_id = page.id
    by_model = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, group in by_model.items():
        insert_rows(model, group)
        save_relations(group)
    _revisions_and_log(entries, user)
    index_references(pages)
    return pages


def _place(entries):
    """Tree positions after each parent's last child; the parents' counts go up."""
    by_parent = defaultdict(list)
    parents = {}
    for parent, page, _ in entries:
        by_parent[parent.pk].append(page)
        parents[parent.pk] = parent
    paths = child_paths([(parents[pk], len(pages)) for pk, pages in by_parent.items()])
    for pk, pages in by_parent.items():
        parent = parents[pk]
        for page, path in zip(pages, paths[pk], strict=True):
            page.path = path
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id


def child_paths(counts):
    """treebeard paths for new children after each parent's last child.

    ``counts`` are (parent, number of new children); returns {parent id: paths}. The
    parents' child counts go up, in the database and on the objects. One query per
    depth finds the last children; works for any materialised-path tree.
    """
    tree = type(counts[0][0])._meta.get_field("path").model
    by_depth = defaultdict(list)
    for parent, _ in counts:
        by_depth[parent.depth].append(parent.path)
    children = {}
    for depth, paths in by_depth.items():
        rows = (
            tree.objects.filter(
                path__startswith=os.path.commonprefix(paths), depth=depth + 1
            )
            .annotate(parent_path=Substr("path", 1, depth * tree.steplen))
            .order_by()
            .values("parent_path")
            .annotate(last=Max("path"), count=Count("pk"))
            .values_list("parent_path", "last", "count")
        )
        children.update((path, (last, count)) for path, last, count in rows)
    new_paths = {}
    for parent, count in counts:
        last, existing = children.get(parent.path, (None, 0))
        position = tree._str2int(last[-tree.steplen :]) if last else 0
        new_paths[parent.pk] = [
            tree._get_path(parent.path, parent.depth + 1, position + number)
            for number in range(1, count + 1)
        ]
        parent.numchild = existing + count
    tree.objects.bulk_update(
        [parent for parent, _ in counts], ["numchild"], batch_size=BATCH_SIZE
    )
    return new_paths


def _stamp(page, user, moment):
    """What creating and publishing once would have set on the page row."""
    page.content_type = ContentType.objects.get_for_model(type(page))
    if not page.translation_key:
        page.translation_key = uuid.uuid5(KEY_NAMESPACE, page.url_path)
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = moment
    page.latest_revision_created_at = moment
    page.draft_title = page.title
    page.owner = user


def _fill_relations(instance):
    """Every child relation and many-to-many field held in memory, empty if unset.

    modelcluster then answers ``.all()`` from memory instead of the database, for the
    revision's content and for ``save_relations``.
    """
    held = getattr(instance, "_cluster_related_objects", {})
    for relation in get_all_child_relations(instance):
        name = relation.get_accessor_name()
        if name not in held:
            setattr(instance, name, [])
    for field in get_all_child_m2m_relations(instance):
        if field.name not in held:
            setattr(instance, field.name, [])


def save_relations(objects):
    """Write what modelcluster's ``save()`` writes after the row: children and links."""
    model = type(objects[0])
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        children = []
        for obj in objects:
            for child in getattr(obj, name).all():
                setattr(child, relation.field.attname, obj.pk)
                children.append(child)
        if not children:
            continue
        relation.related_model.objects.bulk_create(children, batch_size=BATCH_SIZE)
        if get_all_child_relations(relation.related_model) or (
            get_all_child_m2m_relations(relation.related_model)
        ):
            for child in children:
                _fill_relations(child)
            save_relations(children)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        target = f"{field.m2m_reverse_field_name()}_id"
        links = [
            through(**{source: obj.pk, target: other.pk})
            for obj in objects
            for other in getattr(obj, field.name).all()
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)


def _revisions_and_log(entries, user):
    """One revision per page, made live; «created» and «published» in the history.

    As ``add_child``, ``save_revision`` and ``publish`` leave them: the revision holds
    the page as it was before publishing (no publishing times), «created» names no
    revision and «published» names the page's one.
    """
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=page.content_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            created_at=moment,
            user=user,
            object_str=str(page),
            content=_unpublished(page.serializable_data()),
        )
        for _, page, moment in entries
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    log = []
    for (_, page, moment), revision in zip(entries, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        action_id = uuid.uuid5(KEY_NAMESPACE, f"log{page.url_path}")
        for action, logged_revision in (
            ("wagtail.create", None),
            ("wagtail.publish", revision),
        ):
            log.append(
                PageLogEntry(
                    content_type=page.content_type,
                    label=page.title,
                    action=action,
                    data={},
                    timestamp=moment,
                    uuid=action_id,
                    user=user,
                    revision=logged_revision,
                    content_changed=True,
                    page_id=page.pk,
                )
            )
    # Each page's only revision, found by the database: a join, not 2 × N cases.
    revision = Revision.objects.filter(
        base_content_type=page_type,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).values("pk")[:1]
    for batch in chunks([page.pk for _, page, _ in entries]):
        Page.objects.filter(pk__in=batch).update(
            latest_revision=Subquery(revision), live_revision=Subquery(revision)
        )
    PageLogEntry.objects.bulk_create(log, batch_size=BATCH_SIZE)


def _unpublished(content):
    """A page's serialised content as its first revision saw it, before publishing."""
    for name in (
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
    ):
        content[name] = None
    return content


def index_references(objects):
    """Wagtail's reference index (the admin's «usage») for new objects, in bulk.

    The rows ``ReferenceIndex.create_or_update_for_object`` would add for an object
    without any; the references are found by Wagtail itself.
    """
    rows = []
    for obj in objects:
        if not ReferenceIndex.is_indexed(type(obj)):
            continue
        content_types = [
            ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in [type(obj), *obj._meta.get_parent_list()]
        ]
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_types[0],
                    base_content_type=content_types[-1],
                    object_id=obj.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(
                        content_path
                    ),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def log_created(objects, user, moment):
    """«Created» in the audit log for snippets made in bulk, as the admin would log it."""
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(obj)[:255],
                action="wagtail.create",
                data={},
                timestamp=moment,
                user=user,
                content_changed=True,
                object_id=str(obj.pk),
            )
            for obj in objects
        ],
        batch_size=BATCH_SIZE,
    )


def created_by(model, user):
    """The rows of ``model`` the audit log says ``user`` created."""
    ids = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        action="wagtail.create",
        user=user,
    ).values_list("object_id", flat=True)
    return model.objects.filter(pk__in=[int(pk) for pk in ids])


def forget(user, page_ids):
    """Drop the audit log of removed pages and of people who no longer exist."""
    from portal.models import Person

    for batch in chunks(list(page_ids)):
        PageLogEntry.objects.filter(user=user, page_id__in=batch).delete()
    people = set(map(str, Person.objects.values_list("pk", flat=True)))
    entries = ModelLogEntry.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(Person)
    )
    gone = [
        pk
        for pk, object_id in entries.values_list("pk", "object_id")
        if object_id not in people
    ]
    for batch in chunks(gone):
        ModelLogEntry.objects.filter(pk__in=batch).delete()


@contextlib.contextmanager
def references_removed_together():
    """What is deleted inside leaves the reference index together, after the block:
    two queries a kind of object, where Wagtail's own removal takes two an object as
    each is deleted (``clear`` deletes thousands). The rows removed are the same:
    those from each object and those to it (``test_bulk.py`` compares the index with
    the one before the generation)."""
    deleted = defaultdict(set)

    def collect(sender, instance, **kwargs):
        if sender in ReferenceIndex.tracked_models:
            base = ReferenceIndex._get_base_content_type(instance)
            deleted[base.pk].add(str(instance.pk))

    post_delete.connect(collect, weak=False, dispatch_uid=collect)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_delete.disconnect(dispatch_uid=collect)
    for content_type, ids in deleted.items():
        for batch in chunks(sorted(ids)):
            ReferenceIndex.objects.filter(
                Q(base_content_type=content_type, object_id__in=batch)
                | Q(to_content_type=content_type, to_object_id__in=batch)
            ).delete()


def key(kind, ident):
    """The translation key that identifies generated item ``ident`` of ``kind``."""
    return uuid.uuid5(KEY_NAMESPACE, f"{kind}/{ident}")


def existing_keys(model, user):
    """{translation key: page id} of the ``model`` pages that ``user`` owns."""
    return dict(
        Page.objects.filter(
            owner=user, content_type=ContentType.objects.get_for_model(model)
        ).values_list("translation_key", "pk")
    )


def child_slugs(*parents):
    """{parent id: set of its children's slugs}, for ``unique_slug``.

    One query per depth: the children of every parent below the parents' common path.
    """
    taken = {parent.pk: set() for parent in parents}
    by_depth = defaultdict(dict)
    for parent in parents:
        by_depth[parent.depth][parent.path] = parent.pk
    for depth, by_path in by_depth.items():
        rows = Page.objects.filter(
            path__startswith=os.path.commonprefix(list(by_path)), depth=depth + 1
        ).values_list("path", "slug")
        for path, slug in rows:
            parent_pk = by_path.get(path[: -Page.steplen])
            if parent_pk is not None:
                taken[parent_pk].add(slug)
    return taken


def unique_slug(taken, text, max_length=80):
    """A slug for ``text`` not in ``taken`` (``name``, ``name-2`` …), added to it."""
    base = norwegian_slugify(text)[:max_length].strip("-") or "uten-navn"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def index_objects(model, ids):
    """Add the objects to the search indexes in batches, as ``update_index`` would."""
    backends = list(get_search_backends())
    for batch in chunks(sorted(ids)):
        objects = list(model.get_indexed_objects().filter(pk__in=batch))
        _hold_links(objects)
        for obj in objects:
            fields = list(_computed_fields(obj, model.get_search_fields()))
            obj.get_search_fields = lambda fields=fields: fields
        for backend in backends:
            backend.add_bulk(model, objects)


class _ComputedSearchField(index.SearchField):
    """A search field whose value is known: the backend asks for it five times."""

    def __init__(self, field, value):
        super().__init__(field.field_name, boost=field.boost)
        self.value = value

    def get_value(self, obj):
        return self.value


class _ComputedAutocompleteField(index.AutocompleteField):
    def __init__(self, field, value):
        super().__init__(field.field_name)
        self.value = value

    def get_value(self, obj):
        return self.value


def _computed_fields(obj, fields):
    """``obj``'s search fields, related ones flattened, each value computed once.

    The database backend builds each index column (title, body, autocomplete and their
    plain texts) by asking every field again; a page's StreamField text and compound
    words would be computed five times.
    """
    for field in fields:
        if isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                items = related.all()
            else:
                items = [related() if callable(related) else related]
            for item in items:
                yield from _computed_fields(item, field.fields)
        elif isinstance(field, index.SearchField):
            yield _ComputedSearchField(field, field.get_value(obj))
        elif isinstance(field, index.AutocompleteField):
            yield _ComputedAutocompleteField(field, field.get_value(obj))


def _hold_links(objects):
    """Load the objects' many-to-many values into memory, one query per field.

    modelcluster's managers ignore ``prefetch_related``; without this the index would
    ask once per page and field for authors, target groups and goals.
    """
    if not objects:
        return
    model = type(objects[0])
    by_pk = {obj.pk: obj for obj in objects}
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        target = field.m2m_reverse_field_name()
        linked = defaultdict(list)
        rows = through.objects.filter(**{f"{source}__in": by_pk}).select_related(target)
        for row in rows.order_by("pk"):
            linked[getattr(row, source)].append(getattr(row, target))
        for pk, obj in by_pk.items():
            setattr(obj, field.name, linked[pk])
