import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from catalogue.models import Culture, Material, ObjectType
from catalogue.roles import CURATORS, HEADS, ensure_roles_and_workflow

from .. import factories


@pytest.fixture
def vocab(db):
    return {
        "museum": factories.institution(),
        "bronze": Material.objects.create(key="dong", label_vi="Đồng", label_en="Bronze"),
        "sandstone": Material.objects.create(key="sa-thach", label_vi="Sa thạch", label_en="Sandstone"),
        "statue": ObjectType.objects.create(key="tuong", label_vi="Tượng", label_en="Statue"),
        "cham": Culture.objects.create(key="cham", label_vi="Chăm Pa", label_en="Champa"),
    }


@pytest.fixture
def roles(indexes):
    groups, _workflow = ensure_roles_and_workflow()
    users = {}
    for name, group in (("curator", CURATORS), ("head", HEADS)):
        user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
        user.groups.add(groups[group])
        users[name] = user
    return users


@pytest.fixture
def curator_client(client, roles):
    """The test client signed in as the curator, whose admin is in Vietnamese."""
    user = roles["curator"]
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "vi"
    profile.save()
    client.force_login(user)
    return client
