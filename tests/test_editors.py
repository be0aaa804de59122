"""Editor accounts: `add_editor` makes a user who may review."""

import pytest

pytestmark = pytest.mark.django_db


def test_add_editor_creates_a_user_who_may_review(monkeypatch, capsys):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from factcheck.services.reviews import can_review

    monkeypatch.setenv("FACTCHECK_EDITOR_PASSWORD", "a-long-enough-passphrase-42")
    call_command("add_editor", "maria", "--no-input")
    maria = User.objects.get(username="maria")
    assert can_review(maria)
    assert maria.check_password("a-long-enough-passphrase-42")
    assert not maria.is_staff
    assert "maria is an editor." in capsys.readouterr().out


def test_add_editor_refuses_a_weak_password(monkeypatch):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv("FACTCHECK_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("add_editor", "weak", "--no-input")
    assert not User.objects.filter(username="weak").exists()
