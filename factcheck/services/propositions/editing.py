"""Editors' changes to propositions: create, rename, merge, split, move a statement, set a stance.

Each checks the editor permission, locks the propositions it changes, and raises ValidationError
with a message when the change makes no sense; what an editor did, a re-run of `propose_propositions`
keeps (see propose.py)."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from factcheck.models import (
    Proposition,
    PropositionStance,
    PropositionStatement,
    Statement,
)
from factcheck.services.propositions.propose import refresh_stances
from factcheck.services.reviews import can_review

AUTO, EDITOR = PropositionStatement.AddedBy.AUTO, PropositionStatement.AddedBy.EDITOR
TITLE_LENGTH = Proposition._meta.get_field("title").max_length


# ---------------------------------------------------------------------------------------------
# Editors' changes


def _check_editor(user: AbstractBaseUser) -> None:
    if not can_review(user):
        raise PermissionDenied("Only editors may change propositions.")


def _locked(proposition: Proposition) -> Proposition:
    """The proposition re-read under a row lock; a merged one cannot be changed."""
    locked = Proposition.objects.select_for_update().get(pk=proposition.pk)
    if locked.merged_into_id is not None:
        raise ValidationError(
            f"This proposition was merged into “{locked.merged_into.title}” (proposition {locked.merged_into_id}); "
            "change that one instead."
        )
    return locked


def _mark_edited(proposition: Proposition, **changes) -> None:
    for name, value in changes.items():
        setattr(proposition, name, value)
    proposition.edited = True
    proposition.full_clean()
    proposition.save()


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("A proposition needs a title.")
    if len(title) > TITLE_LENGTH:
        raise ValidationError(f"Keep the title to {TITLE_LENGTH} characters (it has {len(title)}).")
    return title


def create_proposition(*, title: str, user: AbstractBaseUser, statements: Iterable[Statement] = ()) -> Proposition:
    """A proposition an editor makes, optionally with its first statements."""
    _check_editor(user)
    title = _clean_title(title)
    with transaction.atomic():
        proposition = Proposition(title=title, origin=Proposition.Origin.EDITOR, edited=True)
        proposition.full_clean()
        proposition.save()
        PropositionStatement.objects.bulk_create(
            [PropositionStatement(proposition=proposition, statement=s, added_by=EDITOR) for s in statements]
        )
        refresh_stances(proposition)
    return proposition


def rename_proposition(*, proposition: Proposition, title: str, user: AbstractBaseUser) -> Proposition:
    """Give the proposition an editor's title; stances are read again against it (its polarity may differ)."""
    _check_editor(user)
    title = _clean_title(title)
    with transaction.atomic():
        locked = _locked(proposition)
        _mark_edited(locked, title=title)
        refresh_stances(locked)
    proposition.title, proposition.edited = locked.title, True
    return locked


def merge_propositions(*, target: Proposition, other: Proposition, user: AbstractBaseUser) -> Proposition:
    """Move every statement of `other` into `target`; `other` stays as a pointer to `target`.

    An editor's stance on a statement in `other` comes along; a statement taken out of `other`
    stays out of `target` unless `target` already has it.
    """
    _check_editor(user)
    if target.pk == other.pk:
        raise ValidationError("A proposition cannot be merged into itself.")
    with transaction.atomic():
        first, second = sorted([target, other], key=lambda p: p.pk)  # lock in one order: no deadlock
        locked = {first.pk: _locked(first), second.pk: _locked(second)}
        target, other = locked[target.pk], locked[other.pk]
        mine = {row.statement_id: row for row in target.memberships.all()}
        for row in other.memberships.all():
            own = mine.get(row.statement_id)
            if own is None:
                PropositionStatement.objects.create(
                    proposition=target,
                    statement_id=row.statement_id,
                    stance=row.stance,
                    confidence=row.confidence,
                    cues=row.cues,
                    stance_by_editor=row.stance_by_editor,
                    added_by=EDITOR,
                    removed=row.removed,
                )
            elif own.removed and not row.removed:
                own.removed, own.added_by = False, EDITOR
                own.save(update_fields=["removed", "added_by", "updated_at"])
            elif not own.removed:
                own.added_by = EDITOR
                own.save(update_fields=["added_by", "updated_at"])
        other.memberships.all().delete()
        Proposition.objects.filter(merged_into=other).update(merged_into=target)
        other.merged_into = target
        other.edited = True
        other.save(update_fields=["merged_into", "edited", "updated_at"])
        target.memberships.filter(removed=False).update(added_by=EDITOR)
        _mark_edited(target)
        refresh_stances(target)
    return target


def split_proposition(
    *, proposition: Proposition, statements: Iterable[Statement], title: str, user: AbstractBaseUser
) -> Proposition:
    """Move some of the proposition's statements into a new proposition with the given title."""
    _check_editor(user)
    title = _clean_title(title)
    chosen = {s.pk for s in statements}
    with transaction.atomic():
        locked = _locked(proposition)
        active = set(locked.memberships.filter(removed=False).values_list("statement_id", flat=True))
        if not chosen:
            raise ValidationError("Choose the statements that go into the new proposition.")
        if not chosen <= active:
            raise ValidationError("Only statements in this proposition can be split off.")
        if chosen == active:
            raise ValidationError("Leave at least one statement here; to change the question, rename it.")
        new = Proposition(title=title, origin=Proposition.Origin.EDITOR, edited=True)
        new.full_clean()
        new.save()
        moving = locked.memberships.filter(statement__in=chosen)
        PropositionStatement.objects.bulk_create(
            [
                PropositionStatement(
                    proposition=new,
                    statement_id=row.statement_id,
                    stance=row.stance,
                    confidence=row.confidence,
                    cues=row.cues,
                    stance_by_editor=row.stance_by_editor,
                    added_by=EDITOR,
                )
                for row in moving
            ]
        )
        moving.update(removed=True)
        locked.memberships.filter(removed=False).update(added_by=EDITOR)
        _mark_edited(locked)
        refresh_stances(locked)
        refresh_stances(new)
    return new


def move_statement(
    *,
    statement: Statement,
    user: AbstractBaseUser,
    out_of: Proposition | None = None,
    into: Proposition | None = None,
) -> None:
    """Take a statement out of one proposition, put it into another, or both (a move).

    Taking out leaves a record, so a re-run does not put the statement back.
    """
    _check_editor(user)
    if out_of is None and into is None:
        raise ValidationError("Say where the statement goes: out of this proposition or into another.")
    if out_of is not None and into is not None and out_of.pk == into.pk:
        raise ValidationError("The statement is already in this proposition.")
    with transaction.atomic():
        locked = [_locked(p) for p in sorted([p for p in (out_of, into) if p], key=lambda p: p.pk)]
        by_pk = {p.pk: p for p in locked}
        carried = None
        if out_of is not None:
            source = by_pk[out_of.pk]
            row = source.memberships.filter(statement=statement, removed=False).first()
            if row is None:
                raise ValidationError(f"Statement {statement.pk} is not in this proposition.")
            carried = row
            row.removed = True
            row.save(update_fields=["removed", "updated_at"])
            _mark_edited(source)
            if source.anchor_id == statement.pk:
                Proposition.objects.filter(pk=source.pk).update(anchor=None)
                source.anchor = None
            refresh_stances(source)
        if into is not None:
            target = by_pk[into.pk]
            row, created = PropositionStatement.objects.get_or_create(
                proposition=target, statement=statement, defaults={"added_by": EDITOR}
            )
            if not created:
                if not row.removed:
                    raise ValidationError(f"Statement {statement.pk} is already in “{target.title}”.")
                row.removed, row.added_by = False, EDITOR
                row.save(update_fields=["removed", "added_by", "updated_at"])
            if carried is not None and carried.stance_by_editor:
                row.stance, row.confidence, row.stance_by_editor = carried.stance, 1.0, True
                row.save(update_fields=["stance", "confidence", "stance_by_editor", "updated_at"])
            _mark_edited(target)
            refresh_stances(target)


def set_stance(*, proposition: Proposition, statement: Statement, stance: str, user: AbstractBaseUser) -> None:
    """An editor's stance for a statement; re-runs keep it."""
    _check_editor(user)
    if stance not in PropositionStance.values:
        raise ValidationError(f"“{stance}” is not a stance; choose affirms, denies, hedges or related.")
    with transaction.atomic():
        locked = _locked(proposition)
        row = locked.memberships.filter(statement=statement, removed=False).first()
        if row is None:
            raise ValidationError(f"Statement {statement.pk} is not in this proposition.")
        row.stance, row.confidence, row.cues, row.stance_by_editor = stance, 1.0, [], True
        row.full_clean()
        row.save()
        _mark_edited(locked)
