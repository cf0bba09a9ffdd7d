"""Keep published framework versions frozen, whatever path a change comes by."""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import Descriptor, FrameworkContent, Principle, Question, Rung


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
def refuse_changes_to_published_content(sender, instance, raw=False, **kwargs):
    # Fixture loading (raw) is allowed: loading the published fixture again changes nothing.
    if not raw:
        _refuse_if_published(instance)


@receiver(pre_delete, sender=Principle)
@receiver(pre_delete, sender=Question)
@receiver(pre_delete, sender=Rung)
@receiver(pre_delete, sender=Descriptor)
def refuse_deleting_published_content(sender, instance, **kwargs):
    _refuse_if_published(instance)
