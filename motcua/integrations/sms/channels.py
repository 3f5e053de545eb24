"""The message channel moved to the shared kernel (`motcua.core.messaging`); this path stays importable for
settings written against it."""

from motcua.core.messaging import DEFAULT_CHANNEL, LoggingChannel, MessageChannel, message_channel

__all__ = ["DEFAULT_CHANNEL", "LoggingChannel", "MessageChannel", "message_channel"]
