"""The change log's tables: a :class:`Change` per change, a :class:`ChangeTarget` per page."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Change(models.Model):
    """One change that altered published output, in the order changes were committed.

    Cache invalidation, webhooks and the sync endpoint all read this log, so
    every consumer learns of a change by the same rule. ``page_id`` and
    ``revision_id`` are plain integers rather than foreign keys: a tombstone
    must outlive the page it reports deleted, and revisions can be purged.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Unpublished"
        MOVE = "move", "Moved"
        DELETE = "delete", "Deleted"
        PRIVACY = "privacy", "Privacy changed"
        TRANSLATION = "translation", "Translation published"
        SNIPPET = "snippet", "Snippet changed"
        MEDIA = "media", "Image or document changed"

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=255)
    page_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    site_ids = models.JSONField(default=list)
    locales = models.JSONField(default=list)
    listing_changed = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = "change"

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.object_label}:{self.object_id}"

    @property
    def object_label(self):
        """``app_label.modelname`` of what changed, e.g. ``treatment_pages.risklist``."""
        return f"{self.content_type.app_label}.{self.content_type.model}"


class ChangeTarget(models.Model):
    """A page whose output a change altered, on one site that serves it (or on none).

    The sync endpoint reads a site's targets since a consumer's token; cache
    invalidation reads every target's page.
    """

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="targets")
    site_id = models.PositiveIntegerField(null=True, blank=True)
    page_id = models.PositiveIntegerField()
    #: The page's specific type: a tombstone names it after the page is gone.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    locale = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["change", "site_id", "page_id"], name="changes_target_unique"
            )
        ]
        indexes = [
            models.Index(fields=["site_id", "change", "page_id"], name="changes_target_site"),
        ]

    def __str__(self):
        return f"page {self.page_id} on site {self.site_id} ({self.locale})"
