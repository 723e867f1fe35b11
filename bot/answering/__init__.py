"""Answering: reading a question and composing its answer from the knowledge, and the optional summariser."""
