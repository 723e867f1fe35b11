"""Digests: subscriptions, what a digest says, when it is due, and posting it exactly once."""
