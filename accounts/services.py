from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from .choices import ADMIN_ROLES, STAFF_ROLES, Role
from .models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    region=None,
    full_name: str = "",
    email: str = "",
    must_change_password: bool = True,
    validate: bool = True,
) -> User:
    """Create an account; seeded and imported accounts must change their password on first login."""
    user = User(
        username=username,
        role=role,
        region=region,
        full_name=full_name,
        email=email,
        must_change_password=must_change_password,
        # Staff and administrators use the admin site; deputies only the portal.
        is_staff=role in STAFF_ROLES or role in ADMIN_ROLES,
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])


@transaction.atomic
def user_update_preferences(*, user: User, email: str, notification_delivery: str) -> User:
    user.email = email
    user.notification_delivery = notification_delivery
    user.save(update_fields=["email", "notification_delivery"])
    return user
