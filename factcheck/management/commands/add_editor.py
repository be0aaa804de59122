import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a user who may review pairs (the `editors` group), or add an existing user to it. "
        "The password is asked for, or read from FACTCHECK_EDITOR_PASSWORD with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--staff", action="store_true", help="also let them use the admin (all permissions)")
        parser.add_argument("--no-input", action="store_true", help="read the password from FACTCHECK_EDITOR_PASSWORD")

    def handle(self, *args, username: str, staff: bool, no_input: bool, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = os.environ.get("FACTCHECK_EDITOR_PASSWORD", "") if no_input else self.ask_password()
            if not password:
                raise CommandError("No password given (set FACTCHECK_EDITOR_PASSWORD with --no-input).")
            candidate = User(username=username)
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user = User.objects.create_user(username=username, password=password)
        if staff:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        try:
            user.groups.add(Group.objects.get(name="editors"))
        except Group.DoesNotExist:
            raise CommandError("The editors group is missing; run `python manage.py migrate` first.") from None
        self.stdout.write(f"{username} is an editor{' and may use the admin' if staff else ''}.")

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
