import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]"))


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, symbols (MLPS level 3 practice)."""

    min_classes = 3

    def validate(self, password: str, user=None) -> None:
        if sum(1 for pattern in _CLASSES if pattern.search(password)) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


class UsernameInPasswordValidator:
    """The account name, in any letter case, may not appear inside the password."""

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").strip().casefold()
        if username and username in password.casefold():
            raise ValidationError(_("密码中不能包含账号名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码中不能包含账号名。")
