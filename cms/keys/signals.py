"""Forget a key's cached record whenever something it holds may have changed."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Site

from .auth import forget
from .models import ApiKey


def on_key_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        forget(instance.hashed_key, getattr(instance, "previous_hashed_key", None))


def on_key_locales_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, ApiKey):
        forget(instance.hashed_key)


def on_site_changed(sender, instance, raw=False, **kwargs):
    # A key's record holds its site's hostname, port and default locale.
    if not raw and instance.pk is not None:
        forget(*ApiKey.objects.filter(site_id=instance.pk).values_list("hashed_key", flat=True))


def connect():
    post_save.connect(on_key_changed, sender=ApiKey, dispatch_uid="cms-keys-saved")
    post_delete.connect(on_key_changed, sender=ApiKey, dispatch_uid="cms-keys-deleted")
    m2m_changed.connect(
        on_key_locales_changed, sender=ApiKey.locales.through, dispatch_uid="cms-keys-locales"
    )
    post_save.connect(on_site_changed, sender=Site, dispatch_uid="cms-keys-site-saved")
