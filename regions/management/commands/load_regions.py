from django.conf import settings
from django.core.management.base import BaseCommand

from regions.loader import load_province
from regions.models import Region


class Command(BaseCommand):
    help = "Load or refresh the administrative divisions of one or more provinces (e.g. 33 32)."

    def add_arguments(self, parser):
        parser.add_argument("provinces", nargs="*", help="Two-digit province codes; default REGION_PROVINCES.")

    def handle(self, *args, provinces, **options):
        for province in provinces or settings.REGION_PROVINCES:
            written = load_province(Region, settings.REGION_DATA_DIR, province)
            self.stdout.write(f"{province}: {written} regions created or updated")
