"""Every change to rows that a value kept in memory depends on reaches its receiver.

The versioned caches (core/cache.py, ADR 0006) are replaced by receivers of Django's
`post_save` and `post_delete`. Those are sent per object; a queryset's `update()` and
`bulk_create()` send nothing, so a change made that way would leave every worker's copy stale
until the next save. Models whose rows are cached use `ChangeSignallingQuerySet`, which sends
`rows_changed` for both, and `on_change` connects a receiver to all three signals (and to
many-to-many changes), so a cache cannot be connected to only some of them.
(`bulk_update()` goes through `update()`; `delete()` sends `post_delete` per object.)
"""

from collections.abc import Callable

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

# sender: the model whose rows changed without a signal per object
rows_changed = Signal()


class ChangeSignallingQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        if rows:
            rows_changed.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_changed.send(sender=self.model)
        return created


def on_change(
    receiver: Callable[..., None],
    *senders: type[models.Model],
    uid: str,
    m2m: tuple[type[models.Model], ...] = (),
) -> None:
    """Call `receiver` after any change to the rows of `senders` (saved, deleted, updated or
    created in bulk) and to the many-to-many tables `m2m`."""
    for sender in senders:
        label = sender._meta.label
        post_save.connect(receiver, sender=sender, dispatch_uid=f"{uid}-save-{label}")
        post_delete.connect(receiver, sender=sender, dispatch_uid=f"{uid}-delete-{label}")
        rows_changed.connect(receiver, sender=sender, dispatch_uid=f"{uid}-rows-{label}")
    for through in m2m:
        label = through._meta.label
        m2m_changed.connect(receiver, sender=through, dispatch_uid=f"{uid}-m2m-{label}")
