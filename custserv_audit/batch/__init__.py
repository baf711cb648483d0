"""Batch scoring: every input in order, in one process or in workers."""
