"""Keep published framework versions frozen, whatever path a change comes by, and forget HTML
built from content that has been written since."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .caching import new_generation
from .models import (
    Descriptor,
    Framework,
    FrameworkContent,
    Practice,
    Principle,
    Question,
    Rung,
)


class PublishedFrameworkError(Exception):
    """Raised when code tries to change the content of a published framework version."""


def _refuse_if_published(instance: FrameworkContent) -> None:
    if instance.framework_version().is_published:
        raise PublishedFrameworkError(
            f"{instance._meta.verbose_name} belongs to a published framework version and cannot "
            "change; make a new draft version instead."
        )


@receiver(pre_save, sender=Principle)
@receiver(pre_save, sender=Question)
@receiver(pre_save, sender=Rung)
@receiver(pre_save, sender=Descriptor)
@receiver(pre_save, sender=Practice)
def refuse_changes_to_published_content(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) is allowed: loading the published fixture again changes nothing.
    if not raw:
        _refuse_if_published(instance)


@receiver(pre_delete, sender=Principle)
@receiver(pre_delete, sender=Question)
@receiver(pre_delete, sender=Rung)
@receiver(pre_delete, sender=Descriptor)
@receiver(pre_delete, sender=Practice)
def refuse_deleting_published_content(sender, instance, **kwargs):
    _refuse_if_published(instance)


@receiver(post_save, sender=Framework)
@receiver(post_save, sender=Principle)
@receiver(post_save, sender=Question)
@receiver(post_save, sender=Rung)
@receiver(post_save, sender=Descriptor)
@receiver(post_delete, sender=Framework)
@receiver(post_delete, sender=Principle)
@receiver(post_delete, sender=Question)
@receiver(post_delete, sender=Rung)
@receiver(post_delete, sender=Descriptor)
@receiver(post_save, sender=Practice)
@receiver(post_delete, sender=Practice)
@receiver(m2m_changed, sender=Practice.principles.through)
@receiver(m2m_changed, sender=Practice.from_rungs.through)
def forget_cached_html(sender, **kwargs):
    """Loading the fixture again may change a published version's words (see caching.py)."""
    new_generation()


@receiver(m2m_changed, sender=Practice.principles.through)
@receiver(m2m_changed, sender=Practice.from_rungs.through)
def refuse_retagging_published_practices(sender, instance, action, raw=False, **kwargs):
    """Which principles and rungs a practice fits is part of it: frozen with its version
    (`instance` is the practice, or the principle or rung on the other side, all of one
    version). Loading the fixture (raw) is allowed, as for the other content."""
    if not raw and action.startswith("pre_"):
        _refuse_if_published(instance)
