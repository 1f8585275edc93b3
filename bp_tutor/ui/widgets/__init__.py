"""Reusable widgets; each carries its own DEFAULT_CSS so it looks right in any screen."""
