"""The one workflow engine: declared state machines and the one way to move along them.

Each app declares, per model with a status, a :class:`Workflow` in its
``workflow.py``: the states, the transitions (name, sources, target, who may
take it) and the other actions on the record that rights are asked about
(editing a draft, adding a note). Services then call :func:`move`, which

1. locks the row (``select_for_update``), so two concurrent moves cannot both win;
2. checks that the transition starts from the row's current status;
3. checks the transition's rule for the actor (``core.rights``);
4. applies the other field changes, sets the status and saves;
5. writes one history row in the app's event model (``core.models.StatusEvent``);
6. writes one audit event, and sends the transition's notice on commit.

A service never assigns the status field itself; a test walks the sources and
fails on any assignment outside this module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .audit import audit_record
from .choices import AuditAction
from .exceptions import ApplicationError
from .scoping import ensure_in_scope
from .services import notification_send

Rule = Callable[[Any, Any], bool]
"""``rule(user, obj) -> bool``: may this user take the action on this record?"""

M = TypeVar("M", bound=models.Model)


def anyone(user, obj) -> bool:
    return True


def nobody(user, obj) -> bool:
    return False


@dataclass(frozen=True)
class Notice:
    """A notification sent when a transition commits."""

    recipients: Iterable[Any]
    title: str
    url: str = ""


@dataclass(frozen=True)
class Action:
    """Something a user may do to a record without moving its status.

    ``when`` lists the statuses in which it is offered (``None``: any status).
    """

    name: str
    label: str | Promise
    allowed: Rule = anyone
    when: frozenset[str] | None = None
    danger: bool = False

    def offered_in(self, status: str) -> bool:
        return self.when is None or status in self.when


@dataclass(frozen=True)
class Transition(Action):
    """A move from any of ``sources`` to ``target``.

    ``target`` None records a step that leaves the status as it is (a
    supervision, an exam score): it is still checked, logged and audited.
    ``notify(obj, actor)`` may return a :class:`Notice` to send on commit.
    """

    sources: frozenset[str] = frozenset()
    target: str | None = None
    notify: Callable[[Any, Any], Notice | None] | None = None

    def offered_in(self, status: str) -> bool:
        return status in self.sources


def transition(
    name: str,
    *,
    sources: Iterable[str],
    target: str | None,
    label: str | Promise,
    allowed: Rule = anyone,
    danger: bool = False,
    notify: Callable[[Any, Any], Notice | None] | None = None,
) -> Transition:
    return Transition(
        name=name,
        label=label,
        allowed=allowed,
        sources=frozenset(sources),
        target=target,
        danger=danger,
        notify=notify,
    )


def action(
    name: str, *, label: str | Promise, allowed: Rule = anyone, when: Iterable[str] | None = None, danger: bool = False
) -> Action:
    return Action(
        name=name, label=label, allowed=allowed, when=None if when is None else frozenset(when), danger=danger
    )


_WORKFLOWS: dict[type[models.Model], Workflow] = {}


@dataclass
class Workflow:
    """The state machine of one model's status field, and the rights on its records.

    ``event_model`` is the app's history table (a ``core.models.StatusEvent``)
    and ``event_fk`` the name of its foreign key to ``model``.
    """

    model: type[models.Model]
    transitions: Sequence[Transition] = ()
    event_model: type[models.Model] | None = None
    event_fk: str = ""
    # None: a record without a status, whose rights are declared all the same.
    field: str | None = "status"
    actions: Sequence[Action] = ()
    # Move only records the actor can see (core.scoping); off where a rule decides alone.
    scoped: bool = True
    by_name: dict[str, Action] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        if self.transitions and (self.field is None or self.event_model is None or not self.event_fk):
            raise ValueError(f"{self.model.__name__}: transitions need a status field and an event model")
        states = {value for value, _label in self.states}
        for step in [*self.transitions, *self.actions]:
            if step.name in self.by_name:
                raise ValueError(f"{self.model.__name__}: action {step.name!r} declared twice")
            if isinstance(step, Transition):
                unknown = (step.sources | {step.target or next(iter(states))}) - states
                if unknown:
                    raise ValueError(f"{self.model.__name__}.{step.name}: unknown states {sorted(unknown)}")
            self.by_name[step.name] = step
        _WORKFLOWS[self.model] = self

    def __hash__(self) -> int:
        return id(self)

    @property
    def states(self) -> list[tuple[str, str]]:
        return list(self.model._meta.get_field(self.field).choices) if self.field else []

    def get(self, name: str) -> Action:
        try:
            return self.by_name[name]
        except KeyError:
            raise LookupError(f"{self.model.__name__} has no action {name!r}") from None

    def status_of(self, obj: models.Model) -> str:
        return getattr(obj, self.field) if self.field else ""

    def targets_from(self, status: str) -> set[str]:
        """The statuses reachable in one move from ``status``."""
        return {t.target or status for t in self.transitions if status in t.sources}


def workflow_for(model_or_obj: type[models.Model] | models.Model) -> Workflow:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    for klass in model.__mro__:
        if klass in _WORKFLOWS:
            return _WORKFLOWS[klass]
    raise LookupError(f"{model.__name__} has no workflow")


def workflows() -> list[Workflow]:
    """Every declared workflow (each app's ``workflow.py`` is imported with its models' app)."""
    return list(_WORKFLOWS.values())


def lock(obj: M, *, related: Sequence[str] = ()) -> M:
    """The record again, locked for the rest of the transaction; ``move`` will not lock it twice."""
    locked = type(obj)._default_manager.select_for_update().select_related(*related).get(pk=obj.pk)
    locked._workflow_locked = True
    return locked


def _state_error(flow: Workflow, step: Action, status: str) -> ApplicationError:
    label = dict(flow.states).get(status, status)
    return ApplicationError(
        _("当前状态为“%(current)s”，不能%(action)s（可能已被他人处理，请刷新页面）。")
        % {"current": label, "action": step.label}
    )


def check(flow: Workflow, obj: models.Model, name: str, actor) -> Action:
    """Raise unless ``actor`` may take ``name`` on ``obj`` now; the step otherwise."""
    step = flow.get(name)
    status = flow.status_of(obj)
    if not step.offered_in(status):
        raise _state_error(flow, step, status)
    if actor is not None and not step.allowed(actor, obj):
        raise PermissionDenied(_("您没有权限%(action)s。") % {"action": step.label})
    return step


def move(
    flow: Workflow,
    obj: M,
    name: str,
    *,
    actor,
    note: str = "",
    event: Mapping[str, Any] | None = None,
    **changes: Any,
) -> M:
    """Take transition ``name`` on ``obj`` for ``actor`` (None: the system or a resident).

    ``changes`` are other fields saved with the status; ``event`` extra
    columns of the history row. Returns the locked, saved record; ``obj``
    itself is updated too, so callers holding it see the new state.
    """
    step = flow.get(name)
    if not isinstance(step, Transition):
        raise LookupError(f"{flow.model.__name__}.{name} is an action, not a transition")
    with transaction.atomic():
        locked = obj if getattr(obj, "_workflow_locked", False) else lock(obj)
        if actor is not None and flow.scoped:
            ensure_in_scope(actor, locked)
        check(flow, locked, name, actor)
        from_status = flow.status_of(locked)
        to_status = step.target or from_status
        for attname, value in changes.items():
            setattr(locked, attname, value)
        setattr(locked, flow.field, to_status)
        update_fields = {flow.field, *changes}
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            update_fields.add("updated_at")
        locked.save(update_fields=sorted(update_fields))
        flow.event_model._default_manager.create(
            **{flow.event_fk: locked},
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=name,
            from_status=from_status,
            to_status=to_status,
            note=note,
            **(event or {}),
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            target=locked,
            detail={"action": name, "from": from_status, "to": to_status},
        )
        if step.notify is not None:
            notice = step.notify(locked, actor)
            if notice is not None:
                _send(notice)
    if obj is not locked:
        for attname in update_fields:
            setattr(obj, attname, getattr(locked, attname))
    return locked


def _send(notice: Notice) -> None:
    recipients = [user for user in notice.recipients if user is not None]
    if recipients:
        notification_send(recipients=recipients, title=notice.title, url=notice.url)
