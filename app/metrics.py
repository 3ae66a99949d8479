"""Prometheus metrics (served at ``/metrics``): webhooks by result, handling time, outbox
depth and send results. One registry per app, so tests can build several apps."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """The app's metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.webhook_requests = Counter(
            "dgbot_webhook_requests_total",
            "Webhook requests by result",
            ["channel", "result"],
            registry=self.registry,
        )
        self.webhook_events = Counter(
            "dgbot_webhook_events_total",
            "Webhook events by result",
            ["channel", "result"],
            registry=self.registry,
        )
        self.handling_seconds = Histogram(
            "dgbot_event_handling_seconds",
            "Time to handle one event",
            ["channel"],
            registry=self.registry,
        )
        self.outbox_results = Counter(
            "dgbot_outbox_results_total",
            "Outbox send results",
            ["channel", "status"],
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "dgbot_outbox_depth", "Outbox rows still to send", registry=self.registry
        )

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
