"""The one rights layer: may this user do this to this record, and what may they do?

Rules are declared beside each app's workflow (``<app>/workflow.py``), as the
``allowed`` rule of every transition and action. Services assert them through
``core.workflow.move`` or :func:`require`; views, the API and templates ask
:func:`available_actions` and never compare statuses or roles themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .workflow import Action, Rule, Transition, check, workflow_for


def can(user, name: str, obj: models.Model) -> bool:
    """True if ``user`` may take action ``name`` on ``obj`` in its current status."""
    flow = workflow_for(obj)
    step = flow.get(name)
    return step.offered_in(flow.status_of(obj)) and bool(step.allowed(user, obj))


def require(user, name: str, obj: models.Model) -> Action:
    """Raise ApplicationError (wrong status) or PermissionDenied (not allowed); the step otherwise."""
    return check(workflow_for(obj), obj, name, user)


def available_actions(user, obj: models.Model) -> list[Action]:
    """What ``user`` may do to ``obj`` now, in declaration order: what its page offers."""
    flow = workflow_for(obj)
    status = flow.status_of(obj)
    return [step for step in flow.by_name.values() if step.offered_in(status) and step.allowed(user, obj)]


def action_names(user, obj: models.Model) -> set[str]:
    """The names of :func:`available_actions`, for ``{% if "edit" in actions %}``-style checks."""
    return {step.name for step in available_actions(user, obj)}


def serialize_actions(user, obj: models.Model) -> list[dict[str, Any]]:
    """The API's form of :func:`available_actions`."""
    return [
        {"name": step.name, "label": str(step.label), "transition": isinstance(step, Transition)}
        for step in available_actions(user, obj)
    ]


# Rule combinators
# ------------------------------------------------------------------------------


def any_of(*rules: Rule) -> Rule:
    def rule(user, obj) -> bool:
        return any(r(user, obj) for r in rules)

    return rule


def all_of(*rules: Rule) -> Rule:
    def rule(user, obj) -> bool:
        return all(r(user, obj) for r in rules)

    return rule


def negate(inner: Rule) -> Rule:
    def rule(user, obj) -> bool:
        return not inner(user, obj)

    return rule
