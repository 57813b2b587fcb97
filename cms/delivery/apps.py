from django.apps import AppConfig, apps


class DeliveryConfig(AppConfig):
    """Connects cache invalidation to every page type, snippet and image once models load.

    A separate app from ``cms`` so management commands (``load_demo``, a
    scheduled publish) invalidate exactly as the admin does.
    """

    name = "cms.delivery"
    label = "delivery"
    verbose_name = "Delivery (caching)"

    def ready(self):
        from .invalidation import connect

        connect(apps)
