"""Delivery: conditional requests, the shared response cache and its exact invalidation."""
