import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from wagtail.users.models import UserProfile

from catalogue.roles import CURATORS, HEADS, ensure_roles_and_workflow

# (username, is superuser, group): an administrator, a curator who submits, a head who approves.
DEMO_USERS = (("admin", True, None), ("curator", False, CURATORS), ("head", False, HEADS))


class Command(BaseCommand):
    help = "Create the local demo logins (admin, curator, head of collection) and print them."

    def handle(self, *args, **options):
        ensure_roles_and_workflow()
        password_file = Path(settings.DATA_DIR) / "demo-password.txt"
        if password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        User = get_user_model()
        for username, is_superuser, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_superuser = user.is_staff = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            # Curators work in Vietnamese; the admin's language can be changed in their account.
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "vi"
            profile.save()
        self.stdout.write(
            f"Admin: {settings.PUBLIC_BASE_URL}/admin/  — users admin, curator, head — password: {password}"
        )
