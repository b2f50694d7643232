"""Readers of collected content: Telegram Desktop exports, HTML pages, plain text, images."""
