"""Logging in: failed attempts are throttled on the site and in the admin."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_is_throttled_after_five_failures(client, editor):
    cache.clear()
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "editor", "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post(url, {"username": "editor", "password": "pw-for-tests-1"})
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()
    response = client.post(url, {"username": "editor", "password": "pw-for-tests-1"})
    assert response.status_code == 302


def test_admin_login_is_throttled_too(client, admin_user):
    cache.clear()
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "wrong"})
    response = client.post(url, {"username": "admin", "password": "password"})
    assert "Too many failed log-ins" in response.content.decode()
    cache.clear()
