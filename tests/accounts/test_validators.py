import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.validators import UsernameInPasswordValidator


@pytest.mark.parametrize("password", ["Xihu#Office2026a", "xIhU#office2026A", "Office#2026-XIHU"])
def test_a_password_containing_the_username_is_refused_in_any_case(password):
    user = User(username="xihu")
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert "password_contains_username" in [e.code for e in caught.value.error_list]


def test_a_password_without_the_username_passes_the_validator():
    UsernameInPasswordValidator().validate("Zhejiang#Deputy2026", User(username="xihu"))
    validate_password("Zhejiang#Deputy2026", User(username="xihu"))
