from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin import DeliveryPermissionPolicy, DeliveryViewSet, SubscriptionViewSet
from .models import Delivery

register_permission_policy(Delivery, DeliveryPermissionPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [SubscriptionViewSet(), DeliveryViewSet()]
