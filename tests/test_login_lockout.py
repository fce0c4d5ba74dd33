"""Repeated failed sign-ins lock that user name from that address (django-axes), in the user's language."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="203.0.113.7", language="vi"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_five_failures_lock_the_name_from_that_address_only(client):
    get_user_model().objects.create_user(
        "curator", password="đúng-mật-khẩu", is_staff=True, is_superuser=True
    )
    get_user_model().objects.create_user("head", password="mật-khẩu-khác", is_superuser=True)
    for _attempt in range(4):
        assert sign_in(client, "curator", "sai").status_code == 200
    assert sign_in(client, "curator", "sai").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "curator", "đúng-mật-khẩu")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert client.get("/admin/").status_code == 302, "the right password does not get in while locked"
    # Someone guessing from elsewhere cannot lock the curator out; other users are not affected.
    assert sign_in(client, "curator", "đúng-mật-khẩu", address="198.51.100.2").status_code == 302
    client.logout()
    assert sign_in(client, "head", "mật-khẩu-khác").status_code == 302


def test_a_success_resets_the_count(client):
    get_user_model().objects.create_user("curator", password="pw-đúng", is_superuser=True)
    for _attempt in range(4):
        sign_in(client, "curator", "sai")
    assert sign_in(client, "curator", "pw-đúng").status_code == 302
    client.logout()
    for _attempt in range(4):
        sign_in(client, "curator", "sai")
    assert sign_in(client, "curator", "pw-đúng").status_code == 302


def test_behind_nginx_the_address_is_the_one_nginx_appended(client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    get_user_model().objects.create_user("curator", password="pw-đúng", is_superuser=True)
    for attempt in range(5):
        # The client forges its first X-Forwarded-For entry each time; nginx appends the real one.
        client.post(
            "/admin/login/",
            {"username": "curator", "password": "sai"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 203.0.113.7",
        )
    response = client.post(
        "/admin/login/",
        {"username": "curator", "password": "pw-đúng"},
        HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7",
    )
    assert response.status_code == 429
