"""Factories for publicity tests; deputies are built from the fields of deputies 0001 only."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from deputies.models import Congress, Deputy, Person
from publicity.choices import BrandKind, PostStatus, Theme
from publicity.models import Brand, KeyDate, Post
from tests.factories import region


class CongressFactory(DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ("region", "level", "term_number")

    region = factory.LazyFunction(lambda: region("330106"))
    level = "county"
    term_number = 17
    name = factory.LazyAttribute(lambda o: f"{o.region.name}第{o.term_number}届人民代表大会")


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.LazyFunction(lambda: Person.objects.create(name="王建国", gender="male"))
    region = factory.LazyFunction(lambda: region("330106"))
    congress = factory.LazyAttribute(lambda o: CongressFactory(region=o.region))
    level = "county"


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: region("330106"))
    title = factory.Sequence(lambda n: f"代表风采第{n}期")
    summary = "扎根基层、倾听民声。"
    body = "<p>代表在联络站接待群众。</p>"
    theme = Theme.DUTY
    status = PostStatus.DRAFT
    planned_date = factory.LazyFunction(timezone.localdate)

    class Params:
        published = factory.Trait(
            status=PostStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        in_review = factory.Trait(status=PostStatus.IN_REVIEW)


class KeyDateFactory(DjangoModelFactory):
    class Meta:
        model = KeyDate

    region = factory.LazyFunction(lambda: region("330100"))
    date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"重要节点{n}")
    kind = "anniversary"
    series_title = "代表履职故事"


class BrandFactory(DjangoModelFactory):
    class Meta:
        model = Brand

    region = factory.LazyFunction(lambda: region("330100"))
    kind = BrandKind.LOCAL_EXPERIENCE
    name = factory.Sequence(lambda n: f"民情直通车{n}")
    year = 2026
    description = "以代表联络站为平台，推动民生实事落地。"


def image_upload(name: str = "photo.png", *, size=(40, 30), image_format: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 20, 20)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")
