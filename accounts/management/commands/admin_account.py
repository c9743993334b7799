"""Create and change administrator accounts: the only way to do so.

The admin site never changes an administrator account (accounts.rights), so
that no administrator can take over another or raise its own rights. Whoever
runs this command on the server is named in the audit event (``--operator``,
default the operating-system account).

    manage.py admin_account create USERNAME --role security_admin --full-name 张三
    manage.py admin_account change USERNAME [--role …] [--full-name …] [--email …] [--active|--inactive]
    manage.py admin_account reset-password USERNAME
    manage.py admin_account reset-otp USERNAME

Temporary passwords and enrolment codes are printed once and stored only hashed.
"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import ADMIN_ROLES
from accounts.services import (
    admin_account_change,
    admin_account_create,
    admin_account_otp_reset,
    admin_account_password_reset,
)
from core.exceptions import ApplicationError

ROLE_CHOICES = sorted(str(role) for role in ADMIN_ROLES)


class Command(BaseCommand):
    help = "Create or change a system, security or audit administrator account (audited)."

    def add_arguments(self, parser):
        parser.add_argument("--operator", default="", help="who runs the command (default: the OS account)")
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=ROLE_CHOICES)
        create.add_argument("--full-name", default="")
        create.add_argument("--email", default="")
        change = sub.add_parser("change")
        change.add_argument("username")
        change.add_argument("--role", choices=ROLE_CHOICES)
        change.add_argument("--full-name")
        change.add_argument("--email")
        change.add_argument("--active", dest="is_active", action="store_true", default=None)
        change.add_argument("--inactive", dest="is_active", action="store_false")
        sub.add_parser("reset-password").add_argument("username")
        sub.add_parser("reset-otp").add_argument("username")

    def handle(self, *args, action, username, operator="", **options):
        operator = operator or getpass.getuser()
        try:
            if action == "create":
                user, password, code = admin_account_create(
                    operator=operator,
                    username=username,
                    role=options["role"],
                    full_name=options["full_name"],
                    email=options["email"],
                )
                self._secret(f"Created {user.username} ({user.role}). Temporary password", password)
                self._secret("Enrolment code for the second factor", code)
            elif action == "change":
                names = {"role": "role", "full_name": "full_name", "email": "email", "is_active": "is_active"}
                changes = {field: options[opt] for opt, field in names.items() if options.get(opt) is not None}
                if not changes:
                    raise CommandError("nothing to change")
                user = admin_account_change(operator=operator, username=username, changes=changes)
                self.stdout.write(f"Changed {user.username}: {', '.join(sorted(changes))}")
            elif action == "reset-password":
                self._secret("Temporary password", admin_account_password_reset(operator=operator, username=username))
            elif action == "reset-otp":
                self._secret("Enrolment code", admin_account_otp_reset(operator=operator, username=username))
        except ApplicationError as error:
            raise CommandError(error.message) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _secret(self, label: str, value: str) -> None:
        self.stdout.write(f"{label} (shown once, must be changed or used at the next login): {value}")
