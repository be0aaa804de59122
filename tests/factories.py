"""Small helpers that make real rows for tests."""

import itertools

from django.contrib.auth.models import Group, Permission, User

from factcheck.models import ClaimPair, Document, Source, Statement

_counter = itertools.count(1)


def make_source(**fields) -> Source:
    fields.setdefault("name", f"Source {next(_counter)}")
    fields.setdefault("kind", Source.Kind.PERSON)
    return Source.objects.create(**fields)


def make_document(**fields) -> Document:
    n = next(_counter)
    fields.setdefault("title", f"Document {n}")
    fields.setdefault("text", f"Body of document {n}. Someone said something.")
    return Document.objects.create(**fields)


def make_statement(**fields) -> Statement:
    if "source" not in fields:
        fields["source"] = make_source()
    fields.setdefault("text", f"Statement number {next(_counter)}.")
    return Statement.objects.create(**fields)


def make_pair(a: Statement | None = None, b: Statement | None = None, **fields) -> ClaimPair:
    a = a or make_statement()
    b = b or make_statement()
    first, second = sorted([a, b], key=lambda s: s.pk)
    fields.setdefault("similarity", 0.5)
    fields.setdefault("contradiction", 0.5)
    return ClaimPair.objects.create(statement_a=first, statement_b=second, **fields)


def make_user(username: str | None = None, *, editor: bool = False, **fields) -> User:
    user = User.objects.create_user(username=username or f"user{next(_counter)}", password="pw-for-tests-1", **fields)
    if editor:
        user.groups.add(editors_group())
    return user


def editors_group() -> Group:
    """The group migration 0002 makes. A transactional test's flush deletes it, so it is made again here."""
    group, created = Group.objects.get_or_create(name="editors")
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="factcheck", codename__in=["add_review", "view_review", "view_claimpair"]
            )
        )
    return group
