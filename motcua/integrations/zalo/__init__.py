"""Zalo Official Account notifications (ZNS): approved template messages over Zalo's HTTP API."""
