import importlib
import random

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DemoContext

DEMO_PASSWORD = "Demo-Portal-2026!"


class Command(BaseCommand):
    help = "Create demo users for every role and realistic demo data for every app (repeatable with --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "medium", "province"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, size, seed, quiet_logins, **options):
        ctx = DemoContext(rng=random.Random(seed), size=size, stdout=self.stdout)
        ctx.shared["password"] = DEMO_PASSWORD
        modules = []
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if hasattr(module, "seed"):
                modules.append(module)
        modules.sort(key=lambda m: getattr(m, "ORDER", 100))
        for module in modules:
            with transaction.atomic():
                module.seed(ctx)
            self.stdout.write(f"seeded {module.__name__.rsplit('.', 2)[0]}")
        if not quiet_logins:
            self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
            for role, username, _password in ctx.logins:
                self.stdout.write(f"  {role:<28} {username}")
