"""Every status moves through core.workflow.move, and every step named in code is declared.

Walks the models (each status field has a declared workflow) and the sources
(no assignment to a status field outside the engine; every action named to
``move``/``can``/``require`` or offered by a ``TransitionView`` exists).
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from core.views import TransitionView
from core.workflow import Workflow, workflow_for, workflows

ROOT = Path(settings.BASE_DIR)
# Infrastructure whose "status" is no business state: the job queue's and the rollup's bookkeeping.
NOT_BUSINESS_STATES = {"core.Job", "stats.StatRun"}
# Apps whose statuses still move by hand while they are converted (issue 15); this set
# empties as each app moves onto core.workflow, and goes away with the last one.
ENGINE = ROOT / "core" / "workflow.py"


def _portal_apps():
    return [c for c in apps.get_app_configs() if Path(c.path).is_relative_to(ROOT) and Path(c.path) != ROOT]


def _sources():
    for config in _portal_apps():
        for path in Path(config.path).rglob("*.py"):
            if "migrations" in path.parts or path == ENGINE:
                continue
            yield path


def _status_models():
    for config in _portal_apps():
        for model in config.get_models():
            field = next((f for f in model._meta.concrete_fields if f.name == "status" and f.choices), None)
            if field is not None and model._meta.label not in NOT_BUSINESS_STATES:
                yield model


def test_every_status_field_has_a_declared_workflow():
    missing = []
    for model in _status_models():
        try:
            workflow_for(model)
        except LookupError:
            missing.append(model._meta.label)
    assert not missing, f"status fields without a workflow: {missing}"


def _status_fields() -> set[str]:
    return {"status"} | {flow.field for flow in workflows() if flow.field}


def test_no_status_is_assigned_outside_the_engine():
    fields = _status_fields()
    offences = []
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and target.attr in fields:
                        offences.append(f"{where} assigns .{target.attr}")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(k.arg in fields for k in node.keywords)
            ):
                offences.append(f"{where} .update() sets a status")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in fields
            ):
                offences.append(f"{where} setattr of a status")
    offences = [o for o in offences if not _job_bookkeeping(o)]
    assert not offences, "status changed outside core.workflow.move:\n" + "\n".join(offences)


def _job_bookkeeping(offence: str) -> bool:
    """The job queue (core.Job) keeps its own run state; it is not a business workflow."""
    return offence.startswith(("core/services.py", "core/tasks.py", "core/jobs.py", "core/views.py"))


def _named_steps():
    """(module, flow expression, action name, where) for every literal step name in the sources."""
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "move" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                yield module, node.args[0], node.args[2].value, where
            elif name in ("can", "require") and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                yield module, None, node.args[1].value, where


def test_every_step_named_in_code_is_declared():
    declared = {step for flow in workflows() for step in flow.by_name}
    undeclared = []
    for module, flow_expr, action, where in _named_steps():
        if isinstance(flow_expr, ast.Name):
            flow = getattr(importlib.import_module(module), flow_expr.id, None)
            if isinstance(flow, Workflow):
                if action not in flow.by_name:
                    undeclared.append(f"{where}: {flow.model.__name__} has no step {action!r}")
                continue
        if action not in declared:
            undeclared.append(f"{where}: no workflow declares {action!r}")
    assert not undeclared, "\n".join(undeclared)


def _transition_views():
    for pattern in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, TransitionView):
            yield view_class


def _walk(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _walk(pattern.url_patterns)
        else:
            yield pattern


@pytest.mark.django_db
def test_every_step_page_offers_a_declared_step():
    undeclared = []
    for view_class in set(_transition_views()):
        assert view_class.model is not None, f"{view_class.__name__} names no model"
        flow = workflow_for(view_class.model)
        for slug, page in view_class.actions.items():
            name = page.action or slug.replace("-", "_")
            if name not in flow.by_name:
                undeclared.append(
                    f"{view_class.__name__}: {slug} → {name!r} not in {view_class.model.__name__}'s workflow"
                )
    assert not undeclared, "\n".join(undeclared)
